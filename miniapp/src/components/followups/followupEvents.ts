// Tells the 待办 list (and 工作台) that a task changed (an outcome, a reassignment, a cancellation), so it reloads.
import { ref } from "vue";

export const followupsChanged = ref(0);
export const noteFollowupChanged = () => followupsChanged.value++;
