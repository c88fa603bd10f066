// Entry: Vue, the router, Vant's styles, and what a 401 means.
import { createApp } from "vue";
import "vant/es/style/base.css";
import "./app.css";
import App from "./App.vue";
import { whenUnauthorized } from "./api/client";
import { bridge } from "./bridge/bridge";
import { reLogin, router } from "./router";

whenUnauthorized(reLogin);
// The platform and the institution's time zone, fetched while the first page loads.
void bridge();
createApp(App).use(router).mount("#app");
