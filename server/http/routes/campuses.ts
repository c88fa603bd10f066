// /api/v1/campuses and their rooms.
import { z } from "zod";
import { campusCreateSchema, campusUpdateSchema, roomCreateSchema, roomUpdateSchema } from "../../domain/campuses/campusSchemas";
import { updateRoom } from "../../domain/campuses/updateRoom";
import { createRoom } from "../../domain/campuses/createRoom";
import { listRooms } from "../../domain/campuses/listRooms";
import { updateCampus } from "../../domain/campuses/updateCampus";
import { createCampus } from "../../domain/campuses/createCampus";
import { listCampuses } from "../../domain/campuses/listCampuses";
import { getCampus } from "../../domain/campuses/getCampus";
import { idSchema } from "../../core/input";
import { presentCampus, presentRoom } from "../presenters/campusPresenter";
import { route } from "../route";

const idParams = z.object({ id: idSchema });
const tag = "校区与教室";

export const campusRoutes = [
  route({ method: "get", path: "/api/v1/campuses", tag, summary: "校区列表", handler: ({ ctx }) => ({ items: listCampuses({ ctx }).map(presentCampus) }) }),
  route({
    method: "post",
    path: "/api/v1/campuses",
    tag,
    summary: "新建校区",
    body: campusCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => presentCampus(createCampus({ ctx, input: body })),
  }),
  route({ method: "get", path: "/api/v1/campuses/:id", tag, summary: "校区详情", params: idParams, handler: ({ ctx, params }) => presentCampus(getCampus({ ctx, input: params })) }),
  route({
    method: "patch",
    path: "/api/v1/campuses/:id",
    tag,
    summary: "修改校区",
    params: idParams,
    body: campusUpdateSchema,
    handler: ({ ctx, params, body }) => presentCampus(updateCampus({ ctx, input: { ...body, id: params.id } })),
  }),
  route({
    method: "get",
    path: "/api/v1/campuses/:id/rooms",
    tag,
    summary: "校区的教室",
    params: idParams,
    handler: ({ ctx, params }) => ({ items: listRooms({ ctx, input: { campusId: params.id } }).map(presentRoom) }),
  }),
  route({
    method: "post",
    path: "/api/v1/campuses/:id/rooms",
    tag,
    summary: "新建教室",
    params: idParams,
    body: roomCreateSchema,
    status: 201,
    handler: ({ ctx, params, body }) => presentRoom(createRoom({ ctx, input: { ...body, campusId: params.id } })),
  }),
  route({
    method: "patch",
    path: "/api/v1/rooms/:id",
    tag,
    summary: "修改教室",
    params: idParams,
    body: roomUpdateSchema,
    handler: ({ ctx, params, body }) => presentRoom(updateRoom({ ctx, input: { ...body, id: params.id } })),
  }),
];
