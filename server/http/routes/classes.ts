// /api/v1/classes: classes with their weekly rule, their enrolments, and the lessons made from them;
// /api/v1/students/:id/classes: the classes of one student.
import { z } from "zod";
import { addLesson } from "../../domain/scheduling/addLesson";
import { listClasses } from "../../domain/scheduling/listClasses";
import { getClass } from "../../domain/scheduling/getClass";
import { updateClass } from "../../domain/scheduling/updateClass";
import { createClass } from "../../domain/scheduling/createClass";
import { listEnrollments } from "../../domain/scheduling/listEnrollments";
import { updateEnrollment } from "../../domain/scheduling/updateEnrollment";
import { enrollStudent } from "../../domain/scheduling/enrollStudent";
import { generateLessons } from "../../domain/scheduling/generateLessons";
import { studentClasses } from "../../domain/scheduling/studentClasses";
import {
  classCreateSchema,
  classListSchema,
  classUpdateSchema,
  enrollmentCreateSchema,
  enrollmentListSchema,
  enrollmentUpdateSchema,
  lessonAddSchema,
  lessonGenerateSchema,
} from "../../domain/scheduling/schedulingSchemas";
import { idSchema } from "../../core/input";
import { presentClass, presentEnrollment, presentStudentClass } from "../presenters/classPresenter";
import { presentGeneration, presentLesson } from "../presenters/lessonPresenter";
import { route, type RouteDef } from "../route";

const idParams = z.object({ id: idSchema });
const enrollmentParams = z.object({ id: idSchema, studentId: idSchema });
const tag = "班级与排课";

export const classesRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/classes",
    tag,
    summary: "班级列表（按数据范围）",
    query: classListSchema,
    handler: ({ ctx, query }) => {
      const page = listClasses({ ctx, input: query });
      return { items: page.items.map(presentClass), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/classes",
    tag,
    summary: "新建班级（含每周上课规则）",
    body: classCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => presentClass(createClass({ ctx, input: body })),
  }),
  route({
    method: "get",
    path: "/api/v1/classes/:id",
    tag,
    summary: "班级详情",
    params: idParams,
    handler: ({ ctx, params }) => presentClass(getClass({ ctx, input: { id: params.id } })),
  }),
  route({
    method: "patch",
    path: "/api/v1/classes/:id",
    tag,
    summary: "修改班级（slots 整体替换每周规则）",
    params: idParams,
    body: classUpdateSchema,
    handler: ({ ctx, params, body }) => presentClass(updateClass({ ctx, input: { ...body, id: params.id } })),
  }),
  route({
    method: "get",
    path: "/api/v1/classes/:id/enrollments",
    tag,
    summary: "班级学员",
    params: idParams,
    query: enrollmentListSchema,
    handler: ({ ctx, params, query }) => ({
      items: listEnrollments({ ctx, input: { ...query, classId: params.id } }).map(presentEnrollment),
    }),
  }),
  route({
    method: "get",
    path: "/api/v1/students/:id/classes",
    tag,
    summary: "学员的班级（在读在前，含在班状态）",
    params: idParams,
    handler: ({ ctx, params }) => ({ items: studentClasses({ ctx, input: { studentId: params.id } }).map(presentStudentClass) }),
  }),
  route({
    method: "post",
    path: "/api/v1/classes/:id/enrollments",
    tag,
    summary: "学员入班",
    params: idParams,
    body: enrollmentCreateSchema,
    status: 201,
    handler: ({ ctx, params, body }) => presentEnrollment(enrollStudent({ ctx, input: { ...body, classId: params.id } })),
  }),
  route({
    method: "patch",
    path: "/api/v1/classes/:id/enrollments/:studentId",
    tag,
    summary: "修改学员在班状态",
    params: enrollmentParams,
    body: enrollmentUpdateSchema,
    handler: ({ ctx, params, body }) =>
      presentEnrollment(updateEnrollment({ ctx, input: { ...body, classId: params.id, studentId: params.studentId } })),
  }),
  route({
    method: "post",
    path: "/api/v1/classes/:id/lessons/generate",
    tag,
    summary: "按每周规则生成课次（跳过节假日，可重复执行，有冲突则全部不生成）",
    params: idParams,
    body: lessonGenerateSchema,
    handler: ({ ctx, params, body }) => presentGeneration(generateLessons({ ctx, input: { ...body, classId: params.id } }), ctx.tz),
  }),
  route({
    method: "post",
    path: "/api/v1/classes/:id/lessons",
    tag,
    summary: "手动加课",
    params: idParams,
    body: lessonAddSchema,
    status: 201,
    handler: ({ ctx, params, body }) => presentLesson(addLesson({ ctx, input: { ...body, classId: params.id } }), ctx.tz),
  }),
];
