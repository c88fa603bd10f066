// /api/v1 routes for settings (filled in by the area's owner).
import type { RouteDef } from "../route";

export const settingsRoutes: RouteDef[] = [];
