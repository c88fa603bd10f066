// /api/v1 routes for guardians (filled in by the area's owner).
import type { RouteDef } from "../route";

export const guardiansRoutes: RouteDef[] = [];
