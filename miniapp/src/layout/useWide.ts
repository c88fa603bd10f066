// Whether the screen is wide enough for the two-column PC layout (the workbench PC clients).
import { onBeforeUnmount, ref } from "vue";

const query = "(min-width: 960px)";

export function useWide() {
  const media = window.matchMedia(query);
  const wide = ref(media.matches);
  const update = () => (wide.value = media.matches);
  media.addEventListener("change", update);
  onBeforeUnmount(() => media.removeEventListener("change", update));
  return wide;
}
