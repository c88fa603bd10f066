// /api/v1 routes for attendance (filled in by the area's owner).
import type { RouteDef } from "../route";

export const attendanceRoutes: RouteDef[] = [];
