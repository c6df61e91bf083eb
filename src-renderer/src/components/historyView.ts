// What the timeline adds to the hex view's bytes: the frozen bytes to show
// instead of the live window. Its heat, baseline differences and scrollbar
// marks are decorations (src-renderer/src/decorations).
import { useMemo } from 'react';
import { useTimeline } from '../sessionContext';

/** A byte getter over the frozen bytes while the view is paused or in the past; null when live. */
export function useShownBytes(): ((offset: number) => number | undefined) | null {
  const frozen = useTimeline((s) => s.frozen);
  return useMemo(() => {
    if (!frozen) return null;
    return (offset: number) => {
      const i = offset - frozen.offset;
      return i >= 0 && i < frozen.bytes.length ? frozen.bytes[i] : undefined;
    };
  }, [frozen]);
}
