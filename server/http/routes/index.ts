// Every API route of the server, one list per resource file.
import type { AppDeps } from "../../app";
import type { RouteDef } from "../route";
import { authRoutes } from "./auth";
import { campusRoutes } from "./campuses";
import { healthRoutes } from "./health";

export function allRoutes(deps: AppDeps): RouteDef[] {
  return [...healthRoutes(deps.database), ...authRoutes(deps), ...campusRoutes];
}
