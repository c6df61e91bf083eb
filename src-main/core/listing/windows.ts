// Windows: named sections in \BaseNamedObjects and the sessions' directories,
// walked by the addon's listSections() (native/src/section_list_windows.cc,
// NtOpenDirectoryObject / NtQueryDirectoryObject). Sections are not opened to
// list them, so size, owner and mode stay unknown; which processes hold a
// section is not something the object directory tells.
import type { NativeModule } from '../native';
import type { SharedMemoryListing } from '../../../src-shared/listing';

/** What the addon's listSections() returns for each section. */
export type NativeSection = import('../../../native').NamedSection;

/** Our lock companion section beside a block (native/src/backend_windows.cc): folded into its block. */
const LOCK_SUFFIX = '.lock';

export function listWindowsSections(native: NativeModule | undefined): SharedMemoryListing {
  const listSections = native?.listSections;
  if (!listSections) {
    return { entries: [], hiddenProcessCount: 0, note: 'this build of the addon cannot list Windows sections (listSections is missing)' };
  }
  const sections = listSections();
  const present = new Set(sections.map((s) => `${s.directory}\\${s.name}`));
  const isCompanion = (s: NativeSection) =>
    s.name.endsWith(LOCK_SUFFIX) && present.has(`${s.directory}\\${s.name.slice(0, -LOCK_SUFFIX.length)}`);
  return {
    entries: sections
      .filter((section) => !isCompanion(section))
      .map((section) => ({
        kind: 'section' as const,
        name: section.name,
        systemName: `${section.directory}\\${section.name}`,
        size: null,
        ownerUid: null,
        ownerName: null,
        mode: null,
        changedAt: null,
        processes: [],
        hasLockCompanion: present.has(`${section.directory}\\${section.name}${LOCK_SUFFIX}`),
      })),
    hiddenProcessCount: 0,
    note: null,
  };
}
