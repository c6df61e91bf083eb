// Go to offset, text column encoding, and where the cursor and selection are.
import { useState, type FormEvent } from 'react';
import { ENCODINGS, type TextEncoding } from '../lib/textColumn';
import { hex, spanLabel } from '../lib/offsets';
import { useHexView } from '../sessionContext';
import { ROW_WIDTHS, selectionRange, type RowWidth } from '../stores/hexView';

export const GOTO_INPUT_ID = 'goto-offset';

export function HexToolbar({ onNavigated }: { onNavigated: () => void }) {
  return (
    <div className="hex-toolbar" data-testid="hex-toolbar">
      <GoToForm onNavigated={onNavigated} />
      <EncodingPicker />
      <RowWidthPicker />
      <CursorInfo />
      <ToolbarErrors />
    </div>
  );
}

function GoToForm({ onNavigated }: { onNavigated: () => void }) {
  const goTo = useHexView((s) => s.goTo);
  const [text, setText] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (goTo(text)) onNavigated();
  }
  return (
    <form className="goto-form" onSubmit={submit}>
      <label htmlFor={GOTO_INPUT_ID}>Go to</label>
      <input
        id={GOTO_INPUT_ID}
        data-testid="goto-input"
        placeholder="e.g. FA0, #4000, +10, end"
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
        title="Ctrl+G. Hex as in HxD (FA0, 0xFA0, FA0h), decimal with # (#4000), relative to the cursor (+10, -10), or end"
      />
      <button type="submit" data-testid="goto-button">
        Go
      </button>
    </form>
  );
}

function EncodingPicker() {
  const encoding = useHexView((s) => s.encoding);
  const setEncoding = useHexView((s) => s.setEncoding);
  return (
    <label className="encoding-picker">
      Text as
      <select data-testid="encoding-select" value={encoding} onChange={(e) => setEncoding(e.target.value as TextEncoding)}>
        {ENCODINGS.map((e) => (
          <option key={e.value} value={e.value}>
            {e.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function RowWidthPicker() {
  const bytesPerRow = useHexView((s) => s.bytesPerRow);
  const setBytesPerRow = useHexView((s) => s.setBytesPerRow);
  const widest = useHexView((s) => s.widestFittingRow);
  return (
    <label className="row-width-picker" title={widest < 16 ? 'Wider rows need a wider window' : undefined}>
      Bytes per row
      <select data-testid="row-width-select" value={bytesPerRow} onChange={(e) => setBytesPerRow(Number(e.target.value) as RowWidth)}>
        {ROW_WIDTHS.map((width) => (
          // A row wider than the view fits is not offered: the view would fall back from it at once (HexView).
          <option key={width} value={width} disabled={width > widest}>
            {width}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * On a line of its own that is always there, so a selection starting (or
 * growing) never changes the toolbar's height and moves the grid under the pointer.
 */
function CursorInfo() {
  const cursor = useHexView((s) => s.cursor);
  const anchor = useHexView((s) => s.anchor);
  const size = useHexView((s) => s.size);
  const selection = selectionRange({ cursor, anchor });
  return (
    <span className="cursor-info" data-testid="cursor-info" hidden={size === 0}>
      Offset <b>0x{hex(cursor, 1)}</b> ({cursor})
      {selection && <span data-testid="selection-info"> · Selection {spanLabel(selection[0], selection[1] - selection[0] + 1)}</span>}
    </span>
  );
}

/** On a line of their own under the controls, so the toolbar does not jump. */
function ToolbarErrors() {
  const goToError = useHexView((s) => s.goToError);
  const editError = useHexView((s) => s.editError);
  if (!goToError && !editError) return null;
  return (
    <div className="toolbar-errors">
      {goToError && (
        <div className="form-error" role="alert" data-testid="goto-error">
          {goToError}
        </div>
      )}
      {editError && (
        <div className="form-error" role="alert" data-testid="edit-error">
          {editError}
        </div>
      )}
    </div>
  );
}
