// /api/v1 routes for orders (filled in by the area's owner).
import type { RouteDef } from "../route";

export const ordersRoutes: RouteDef[] = [];
