// /api/v1 routes for holidays (filled in by the area's owner).
import type { RouteDef } from "../route";

export const holidaysRoutes: RouteDef[] = [];
