// /api/v1 routes for checkin (filled in by the area's owner).
import type { RouteDef } from "../route";

export const checkinRoutes: RouteDef[] = [];
