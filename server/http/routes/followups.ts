// /api/v1 routes for followups (filled in by the area's owner).
import type { RouteDef } from "../route";

export const followupsRoutes: RouteDef[] = [];
