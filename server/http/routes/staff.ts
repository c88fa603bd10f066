// /api/v1 routes for staff (filled in by the area's owner).
import type { RouteDef } from "../route";

export const staffRoutes: RouteDef[] = [];
