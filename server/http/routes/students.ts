// /api/v1 routes for students (filled in by the area's owner).
import type { RouteDef } from "../route";

export const studentsRoutes: RouteDef[] = [];
