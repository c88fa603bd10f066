// /api/v1 routes for tokens (filled in by the area's owner).
import type { RouteDef } from "../route";

export const tokensRoutes: RouteDef[] = [];
