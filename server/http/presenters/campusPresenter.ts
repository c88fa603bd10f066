// API JSON for campuses and rooms.
import type { Campus, Room } from "../../db/schema";

export const presentCampus = (c: Campus) => ({
  id: c.id,
  name: c.name,
  address: c.address,
  phone: c.phone,
  status: c.status,
  version: c.version,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
export type CampusJson = ReturnType<typeof presentCampus>;

export const presentRoom = (r: Room) => ({
  id: r.id,
  campusId: r.campusId,
  name: r.name,
  capacity: r.capacity,
  status: r.status,
  version: r.version,
});
export type RoomJson = ReturnType<typeof presentRoom>;
