// Tells the approval list that a decision or withdrawal changed something, so it reloads.
import { ref } from "vue";

export const approvalsChanged = ref(0);
export const noteApprovalChanged = () => approvalsChanged.value++;
