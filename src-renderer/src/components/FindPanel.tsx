// Find (Ctrl+F): a pattern as hex with wildcards, text in an encoding, or a
// number of a width and byte order, searched over the whole block in the main
// process. Enter searches (or, when the pattern is unchanged, goes to the next
// match); F3 and Shift+F3 step through the matches from anywhere.
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { FindNumberType, FindTextEncoding } from '../contract';
import { matches } from '../lib/keymap';
import { hex } from '../lib/offsets';
import { useFind, useHexView, useSession } from '../sessionContext';
import { firstAtOrAfter, type FindMode } from '../stores/find';
import { DisclosureButton } from './DisclosureButton';
import './FindPanel.css';

export const FIND_INPUT_ID = 'find-pattern';

const MODES: readonly { value: FindMode; label: string; placeholder: string }[] = [
  { value: 'hex', label: 'Hex', placeholder: 'DE AD ?? EF' },
  { value: 'text', label: 'Text', placeholder: 'text to find' },
  { value: 'number', label: 'Number', placeholder: '1234 or -1.5' },
];
const ENCODINGS: readonly { value: FindTextEncoding; label: string }[] = [
  { value: 'ascii', label: 'ASCII' },
  { value: 'utf8', label: 'UTF-8' },
  { value: 'utf16le', label: 'UTF-16LE' },
  { value: 'utf16be', label: 'UTF-16BE' },
];
const NUMBER_TYPES: readonly FindNumberType[] = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'f32', 'f64'];

export function FindPanel() {
  const open = useFind((s) => s.open);
  const setOpen = useFind((s) => s.setOpen);
  const inputRef = useRef<HTMLInputElement>(null);
  const openFind = useCallback(() => {
    setOpen(true);
    // After the form renders: focus and select what was typed before.
    requestAnimationFrame(() => inputRef.current?.select());
  }, [setOpen]);
  useFindShortcuts(openFind);
  return (
    <div className="find-panel" data-testid="find-panel">
      <DisclosureButton open={open} controls="find-form" title="Find (Ctrl+F)" onToggle={() => setOpen(!open)}>
        Find
      </DisclosureButton>
      {open && <FindForm inputRef={inputRef} />}
    </div>
  );
}

/**
 * Ctrl+F opens Find; F3 and Shift+F3 go to the next and previous match,
 * wherever the focus is. In Electron the menu's accelerators take these keys
 * first and come back as menu commands, which do the same.
 */
function useFindShortcuts(openFind: () => void) {
  const session = useSession();
  useEffect(
    () =>
      session.onMenuCommand((command) => {
        if (command === 'find') openFind();
        else if (command === 'findNext') session.findStep(1);
        else if (command === 'findPrevious') session.findStep(-1);
      }),
    [session, openFind],
  );
  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent) {
      if (matches(event, 'find')) {
        event.preventDefault();
        openFind();
      } else if (matches(event, 'find-step')) {
        event.preventDefault();
        session.findStep(event.shiftKey ? -1 : 1);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [session, openFind]);
}

function FindForm({ inputRef }: { inputRef: React.RefObject<HTMLInputElement | null> }) {
  const session = useSession();
  const s = useFind((state) => state);
  const [searchedFor, setSearchedFor] = useState<string | null>(null);
  const running = s.searchId !== null;
  const key = JSON.stringify([s.query, s.mode, s.encoding, s.caseInsensitive, s.numberType, s.endianness]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (running) return;
    if (searchedFor === key && s.matches) {
      session.findStep(1);
      return;
    }
    setSearchedFor(key);
    void session.find();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && event.shiftKey) {
      event.preventDefault();
      session.findStep(-1);
    } else if (event.key === 'Escape') {
      s.setOpen(false);
    }
  }

  return (
    <form id="find-form" className="find-form" role="search" aria-label="Find in block" onSubmit={submit}>
      <label htmlFor={FIND_INPUT_ID}>Find</label>
      <input
        id={FIND_INPUT_ID}
        ref={inputRef}
        autoFocus
        data-testid="find-input"
        value={s.query}
        placeholder={MODES.find((m) => m.value === s.mode)!.placeholder}
        onChange={(e) => s.setOptions({ query: e.target.value })}
        onKeyDown={onKeyDown}
        spellCheck={false}
        title="Enter: search, then next match. Shift+Enter: previous match. Escape: close."
      />
      <label>
        as
        <select aria-label="Find as" value={s.mode} onChange={(e) => s.setOptions({ mode: e.target.value as FindMode })}>
          {MODES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {s.mode === 'text' && (
        <>
          <select
            aria-label="Text encoding"
            value={s.encoding}
            onChange={(e) => s.setOptions({ encoding: e.target.value as FindTextEncoding })}
          >
            {ENCODINGS.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={s.caseInsensitive} onChange={(e) => s.setOptions({ caseInsensitive: e.target.checked })} />
            Ignore case
          </label>
        </>
      )}
      {s.mode === 'number' && (
        <>
          <select
            aria-label="Number type"
            value={s.numberType}
            onChange={(e) => s.setOptions({ numberType: e.target.value as FindNumberType })}
          >
            {NUMBER_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <select
            aria-label="Byte order"
            value={s.endianness}
            onChange={(e) => s.setOptions({ endianness: e.target.value as 'little' | 'big' })}
          >
            <option value="little">little-endian</option>
            <option value="big">big-endian</option>
          </select>
        </>
      )}
      <button type="submit" disabled={running}>
        Search
      </button>
      <button type="button" title="F3" disabled={!s.matches?.count} onClick={() => session.findStep(1)}>
        Next match
      </button>
      <button type="button" title="Shift+F3" disabled={!s.matches?.count} onClick={() => session.findStep(-1)}>
        Previous match
      </button>
      {running && (
        <button type="button" onClick={() => void s.cancel()}>
          Cancel search
        </button>
      )}
      <FindStatus />
    </form>
  );
}

function FindStatus() {
  const progress = useFind((s) => s.progress);
  const running = useFind((s) => s.searchId !== null);
  const matches = useFind((s) => s.matches);
  const error = useFind((s) => s.error);
  const cursor = useHexView((s) => s.cursor);
  let text = '';
  if (running) text = progress ? `Searching… ${Math.floor((100 * progress.done) / Math.max(1, progress.total))}%` : 'Searching…';
  else if (error) text = error;
  else if (matches) text = matchesText(matches.count, matches.truncated, matches.offsets, cursor);
  return (
    <span className={`find-status${error && !running ? ' form-error' : ''}`} role="status" data-testid="find-status">
      {running && progress && <progress aria-label="Search progress" max={progress.total} value={progress.done} />}
      {text}
    </span>
  );
}

function matchesText(count: number, truncated: boolean, offsets: number[], cursor: number): string {
  if (count === 0) return 'No matches';
  const noun = count === 1 ? 'match' : 'matches';
  const index = firstAtOrAfter(offsets, cursor);
  const here = offsets[index] === cursor ? ` · match ${index + 1} at 0x${hex(cursor, 1)}` : '';
  const shown = truncated ? ` (the first ${offsets.length.toLocaleString('en')} are shown)` : '';
  return `${count.toLocaleString('en')} ${noun}${here}${shown}`;
}
