// Builds the mini-app into miniapp/dist for Koa to serve at /app/ (hashed assets under /app/assets/),
// and serves it with hot reload in development, passing every server path through to the dev server.
import vue from "@vitejs/plugin-vue";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { vantIconFont, vantStyles } from "./vantStyles.ts";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const serverUrl = process.env.XUEGUAN_DEV_SERVER ?? "http://localhost:3000";

export default defineConfig({
  root: here("."),
  base: "/app/",
  plugins: [vue(), vantStyles(), vantIconFont()],
  // Composition API only (Vant 4 and every page use <script setup>): Vue leaves out the Options API.
  define: { __VUE_OPTIONS_API__: "false", __VUE_PROD_DEVTOOLS__: "false", __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false" },
  resolve: { alias: { "@": here("./src"), "@server": here("../server"), "@shared": here("../shared") } },
  build: {
    outDir: here("./dist"),
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 400,
    // Few, larger files for the first screen: on a phone network each extra request costs a round trip
    // (HTTP/1.1 opens six connections at most). The libraries and the app's shared code in one chunk;
    // pages stay lazy, and the workbench SDKs load only inside their own workbench.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "core", test: /node_modules[\\/](vue|@vue|vue-router|vant[\\/]es[\\/](utils|composables|style|locale|lazyload|config-provider|badge|icon|loading|empty|skeleton|tabbar|tabbar-item|cell|cell-group|grid|grid-item|tag|pull-refresh|button|toast|popup|overlay))[\\/]|miniapp[\\/]src[\\/](?!pages[\\/]|components[\\/](students|lessons)[\\/])/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(["/api", "/auth", "/sandbox", "/callbacks", "/c/", "/l/"].map((p) => [p, { target: serverUrl, changeOrigin: false }])),
  },
});
