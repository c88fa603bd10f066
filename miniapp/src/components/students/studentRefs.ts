// Campus names, read once per page load and shared by every row and profile: the student JSON
// carries the campus id only.
import { ref, type Ref } from "vue";
import { api } from "@/api/endpoints";

let campuses: Promise<Map<number, string>> | undefined;
const campusNames = ref(new Map<number, string>());

/** Campus names by id (empty until loaded; a failure leaves it empty and is tried again next time). */
export function useCampusNames(): Ref<Map<number, string>> {
  campuses ??= api
    .campusList()
    .then((r) => new Map(r.items.map((c) => [c.id, c.name])))
    .catch(() => {
      campuses = undefined;
      return new Map<number, string>();
    });
  void campuses.then((names) => (campusNames.value = names));
  return campusNames;
}
