// /api/v1 routes for lessons (filled in by the area's owner).
import type { RouteDef } from "../route";

export const lessonsRoutes: RouteDef[] = [];
