// Pull to refresh on the profile reloads every section that is on screen, and an action that changed
// the student (a request sent, a follow-up logged) does the same. Sections join the group while
// mounted; the page asks the group to reload and waits for all of them.
import { inject, onBeforeUnmount, provide, type InjectionKey } from "vue";

type Reloader = () => Promise<unknown>;
export type RefreshGroup = { join(reload: Reloader): void; leave(reload: Reloader): void; reloadAll(): Promise<void> };

const key: InjectionKey<RefreshGroup> = Symbol("student-refresh-group");

/** Creates the group for a page and offers it to the sections below. */
export function provideRefreshGroup(): RefreshGroup {
  const members = new Set<Reloader>();
  const group: RefreshGroup = {
    join: (reload) => members.add(reload),
    leave: (reload) => members.delete(reload),
    reloadAll: async () => {
      await Promise.allSettled([...members].map((reload) => reload()));
    },
  };
  provide(key, group);
  return group;
}

/** A section's reload, called on pull to refresh and after an action, while the section is mounted. */
export function useRefreshMember(reload: Reloader): void {
  const group = inject(key, null);
  if (!group) return;
  group.join(reload);
  onBeforeUnmount(() => group.leave(reload));
}

/** Lets an action ask the page to reload everything on screen. */
export function useRefreshAll(): () => Promise<void> {
  const group = inject(key, null);
  return () => group?.reloadAll() ?? Promise.resolve();
}
