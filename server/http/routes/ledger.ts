// /api/v1 routes for ledger (filled in by the area's owner).
import type { RouteDef } from "../route";

export const ledgerRoutes: RouteDef[] = [];
