// The hex view's scrollbar, drawn by us. A native one cannot serve a large
// block: its content would be rows × 20 px tall, and browsers cap an element
// near 33 million pixels (about 25 MiB of bytes); its thumb would also shrink
// to nothing. Here the first visible row is the truth and the thumb only shows
// and sets it, so a gigabyte scrolls like a page.
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { ScrollbarMark } from '../decorations/types';

const MIN_THUMB_PX = 28;

interface Props {
  totalRows: number;
  visibleRows: number;
  topRow: number;
  onScrollToRow: (row: number) => void;
  /** Marks on the track, from the decoration providers (src-renderer/src/decorations): where something changed, differs, matches Find or is bookmarked. */
  marks?: readonly ScrollbarMark[];
}

export function HexScrollbar({ totalRows, visibleRows, topRow, onScrollToRow, marks }: Props) {
  const trackRef = useRef<HTMLDivElement>(null);
  const trackHeight = useHeight(trackRef);
  const drag = useRef<{ startY: number; startThumbTop: number } | null>(null);

  const maxTop = Math.max(0, totalRows - visibleRows);
  const thumbHeight = maxTop === 0 ? trackHeight : Math.max(MIN_THUMB_PX, (trackHeight * visibleRows) / totalRows);
  const travel = Math.max(0, trackHeight - thumbHeight);
  const thumbTop = maxTop > 0 ? (topRow / maxTop) * travel : 0;

  function rowAt(thumbPosition: number): number {
    const clamped = Math.min(Math.max(0, thumbPosition), travel);
    return travel > 0 ? Math.round((clamped / travel) * maxTop) : 0;
  }

  function onThumbDown(event: PointerEvent<HTMLDivElement>) {
    event.stopPropagation();
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startY: event.clientY, startThumbTop: thumbTop };
  }

  function onThumbMove(event: PointerEvent<HTMLDivElement>) {
    if (!drag.current) return;
    onScrollToRow(rowAt(drag.current.startThumbTop + event.clientY - drag.current.startY));
  }

  function onThumbUp(event: PointerEvent<HTMLDivElement>) {
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
  }

  /** A click on the track pages towards it, as native scrollbars do. */
  function onTrackDown(event: PointerEvent<HTMLDivElement>) {
    const y = event.clientY - event.currentTarget.getBoundingClientRect().top;
    onScrollToRow(y < thumbTop ? topRow - visibleRows : topRow + visibleRows);
  }

  return (
    <div
      className="hex-scrollbar"
      ref={trackRef}
      onPointerDown={onTrackDown}
      role="scrollbar"
      aria-orientation="vertical"
      aria-valuemin={0}
      aria-valuemax={maxTop}
      aria-valuenow={topRow}
      aria-label="Rows"
      data-testid="hex-scrollbar"
    >
      {marks?.map((mark) => (
        <div
          key={`${mark.kind}:${mark.at}`}
          className={`hex-scrollbar-mark ${mark.kind}`}
          style={{ top: mark.at * trackHeight, height: Math.max(2, mark.span * trackHeight), background: mark.color }}
          data-testid="scrollbar-mark"
          data-kind={mark.kind}
          title={mark.title}
        />
      ))}
      {maxTop > 0 && (
        <div
          className="hex-scrollbar-thumb"
          style={{ height: thumbHeight, transform: `translateY(${thumbTop}px)` }}
          onPointerDown={onThumbDown}
          onPointerMove={onThumbMove}
          onPointerUp={onThumbUp}
          onPointerCancel={onThumbUp}
          data-testid="hex-scrollbar-thumb"
        />
      )}
    </div>
  );
}

/**
 * The track's height, from a ResizeObserver only: its first report comes
 * with the first frame's layout, so the thumb and marks follow a frame later.
 * Measuring in a layout effect would force that layout early and re-render
 * at once, which also runs every pending passive effect (the block map's
 * drawing among them) before the first paint of the bytes.
 */
function useHeight(ref: React.RefObject<HTMLDivElement | null>): number {
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return height;
}
