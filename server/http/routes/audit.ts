// /api/v1 routes for audit (filled in by the area's owner).
import type { RouteDef } from "../route";

export const auditRoutes: RouteDef[] = [];
