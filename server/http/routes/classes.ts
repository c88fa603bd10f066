// /api/v1 routes for classes (filled in by the area's owner).
import type { RouteDef } from "../route";

export const classesRoutes: RouteDef[] = [];
