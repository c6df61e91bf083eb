// Windows: named sections in \BaseNamedObjects and the sessions' directories,
// walked by the addon's listSections() (native/src/windows/section_list_windows.cc,
// NtOpenDirectoryObject / NtQueryDirectoryObject). Sections are not opened to
// list them, so size, owner and mode stay unknown. The processes that hold
// each one come from the system's handle table (SystemExtendedHandleInformation);
// a system that does not give it leaves them unknown, and the listing says so.
import type { NativeModule } from '../native';
import type { SharedMemoryListing } from '../../../src-shared/listing';

/** What the addon's listSections() returns for each section. */
export type NativeSection = import('../../../native').NamedSection;

/** The listing's note when the addon could not tell the holders (NamedSection.holders null). */
export const HOLDERS_UNKNOWN_NOTE = 'holders unknown (not supported by this system)';

/** Our lock companion section beside a block (native/src/windows/backend_windows.cc): folded into its block. */
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
        processes: (section.holders ?? []).map((holder) => ({ pid: holder.pid, command: holder.image, commandLine: holder.image })),
        hasLockCompanion: present.has(`${section.directory}\\${section.name}${LOCK_SUFFIX}`),
      })),
    hiddenProcessCount: 0,
    note: sections.some((section) => section.holders === null || section.holders === undefined) ? HOLDERS_UNKNOWN_NOTE : null,
  };
}
