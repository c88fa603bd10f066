// Requests Node refuses before Koa sees them (headers past the 16 KiB limit, a malformed request line)
// are answered in the API's one error shape, not Node's bare status line.
import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";

const ANSWERS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: "HEADERS_TOO_LARGE", message: "请求头过大" },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: "TIMEOUT", message: "请求超时" },
};
const MALFORMED = { status: 400, code: "VALIDATION", message: "请求格式有误" };

export function answerClientErrors(server: Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, code, message } = (err.code && ANSWERS[err.code]) || MALFORMED;
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
