// The time the SLA badges count from, moved on every half minute so 还剩… stays true while a page is open.
import { onBeforeUnmount, ref } from "vue";

export function useNow() {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), 30_000);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
