// /api/v1 routes for catalog (filled in by the area's owner).
import type { RouteDef } from "../route";

export const catalogRoutes: RouteDef[] = [];
