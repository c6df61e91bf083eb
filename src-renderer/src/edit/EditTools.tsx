// The editing controls: Undo and Redo, Copy as, Fill, and what the last edit
// command said. Keys do the same from the hex view (lib/keymap.ts).
import { useState, type FormEvent } from 'react';
import type { CopyFormat } from '../../../src-shared/lib/copy-as';
import { parseHexBytes } from '../../../src-shared/lib/copy-as';
import { useEditHistory, useHexView, useSession } from '../sessionContext';
import { copyText } from './editKeys';
import './edit.css';

const COPY_FORMATS: readonly { value: CopyFormat; label: string }[] = [
  { value: 'hex', label: 'Hex' },
  { value: 'c-array', label: 'C array' },
  { value: 'python', label: 'Python bytes' },
  { value: 'base64', label: 'Base64' },
  { value: 'text', label: 'Text (view encoding)' },
];

export function EditTools() {
  const session = useSession();
  const history = session.stores.editHistory;
  const canUndo = useEditHistory((s) => s.undoable.length > 0);
  const canRedo = useEditHistory((s) => s.redoable.length > 0);
  const message = useEditHistory((s) => s.message);
  const column = useHexView((s) => s.column);
  const [format, setFormat] = useState<CopyFormat>('c-array');
  const [pattern, setPattern] = useState('00');

  function fill(event: FormEvent) {
    event.preventDefault();
    const parsed = parseHexBytes(pattern);
    if (!parsed.ok) history.getState().say(`Cannot fill: ${parsed.error}.`);
    else void session.fill(parsed.value);
  }

  return (
    <section className="panel edit-tools" aria-label="Edit" data-testid="edit-tools">
      <div className="edit-row">
        <button type="button" onClick={() => void session.undo()} disabled={!canUndo} title="Ctrl+Z">
          Undo
        </button>
        <button type="button" onClick={() => void session.redo()} disabled={!canRedo} title="Ctrl+Shift+Z or Ctrl+Y">
          Redo
        </button>
        <label>
          Copy as{' '}
          <select aria-label="Copy as" value={format} onChange={(e) => setFormat(e.target.value as CopyFormat)}>
            {COPY_FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void copyText(session, format)}>
          Copy
        </button>
      </div>
      <form className="edit-row" onSubmit={fill}>
        <label>
          Fill pattern{' '}
          <input aria-label="Fill pattern" value={pattern} onChange={(e) => setPattern(e.target.value)} size={12} spellCheck={false} />
        </label>
        <button type="submit" title="Fill the selection with the pattern, repeated">
          Fill
        </button>
        <span className="muted" data-testid="typing-column">
          Typing in the {column} column (Tab switches)
        </span>
      </form>
      <div className="edit-message" role="status" data-testid="edit-message">
        {message}
      </div>
    </section>
  );
}
