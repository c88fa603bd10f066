// Names of what a student points to (campus, advisor, head teacher), read once per page load and
// shared by every row and profile: the student JSON carries ids only.
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

const staff = new Map<number, Promise<string | null>>();

/** A staff member's name, or null when it cannot be read (gone, or the viewer may not read staff). */
export function staffName(id: number): Promise<string | null> {
  let name = staff.get(id);
  if (!name) {
    name = api.staffMember(id).then(
      (s) => s.name,
      () => null,
    );
    staff.set(id, name);
  }
  return name;
}
