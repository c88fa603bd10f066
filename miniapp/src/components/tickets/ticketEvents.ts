// Tells the ticket list that a ticket changed (created, replied, moved), so it reloads what it shows.
import { ref } from "vue";

export const ticketsChanged = ref(0);
export const noteTicketChanged = () => ticketsChanged.value++;
