// /api/v1/courses and /api/v1/packages: the catalogue. Admins change it; every signed-in person reads it.
import { z } from "zod";
import {
  courseCreateSchema,
  courseListSchema,
  courseUpdateSchema,
  packageCreateSchema,
  packageListSchema,
  packageUpdateSchema,
} from "../../domain/catalog/catalogSchemas";
import { updateCourse } from "../../domain/catalog/updateCourse";
import { createCourse } from "../../domain/catalog/createCourse";
import { listCourses } from "../../domain/catalog/listCourses";
import { getCourse } from "../../domain/catalog/getCourse";
import { updatePackage } from "../../domain/catalog/updatePackage";
import { createPackage } from "../../domain/catalog/createPackage";
import { listPackages } from "../../domain/catalog/listPackages";
import { getPackage } from "../../domain/catalog/getPackage";
import { idSchema } from "../../core/input";
import { presentCourse, presentPackage } from "../presenters/catalogPresenter";
import { route, type RouteDef } from "../route";

const idParams = z.object({ id: idSchema });
const tag = "课程与课时包";

export const catalogRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/courses",
    tag,
    summary: "课程列表",
    query: courseListSchema,
    handler: ({ ctx, query }) => ({ items: listCourses({ ctx, input: query }).map(presentCourse) }),
  }),
  route({
    method: "post",
    path: "/api/v1/courses",
    tag,
    summary: "新建课程",
    body: courseCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => presentCourse(createCourse({ ctx, input: body })),
  }),
  route({
    method: "get",
    path: "/api/v1/courses/:id",
    tag,
    summary: "课程详情",
    params: idParams,
    handler: ({ ctx, params }) => presentCourse(getCourse({ ctx, input: params })),
  }),
  route({
    method: "patch",
    path: "/api/v1/courses/:id",
    tag,
    summary: "修改课程",
    params: idParams,
    body: courseUpdateSchema,
    handler: ({ ctx, params, body }) => presentCourse(updateCourse({ ctx, input: { ...body, id: params.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/courses/:id/packages",
    tag,
    summary: "为课程新建课时包",
    params: idParams,
    body: packageCreateSchema,
    status: 201,
    handler: ({ ctx, params, body }) => presentPackage(createPackage({ ctx, input: { ...body, courseId: params.id } })),
  }),
  route({
    method: "get",
    path: "/api/v1/packages",
    tag,
    summary: "课时包列表",
    query: packageListSchema,
    handler: ({ ctx, query }) => ({ items: listPackages({ ctx, input: query }).map(presentPackage) }),
  }),
  route({
    method: "get",
    path: "/api/v1/packages/:id",
    tag,
    summary: "课时包详情",
    params: idParams,
    handler: ({ ctx, params }) => presentPackage(getPackage({ ctx, input: params })),
  }),
  route({
    method: "patch",
    path: "/api/v1/packages/:id",
    tag,
    summary: "修改课时包",
    params: idParams,
    body: packageUpdateSchema,
    handler: ({ ctx, params, body }) => presentPackage(updatePackage({ ctx, input: { ...body, id: params.id } })),
  }),
];
