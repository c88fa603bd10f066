// /api/v1 routes for reports (filled in by the area's owner).
import type { RouteDef } from "../route";

export const reportsRoutes: RouteDef[] = [];
