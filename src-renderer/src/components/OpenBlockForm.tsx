// Opens another block by name and size. A missing name is refused unless
// "Create if missing" is ticked (a typo must not make a zero-filled block and
// its .lock); then it creates like the original DLL's create-or-open. An empty
// size takes an existing block's real size. "Read-only" maps it without write
// access and never creates; the form says so. The host validates; its refusal
// is shown with its code.
import { useState, type FormEvent } from 'react';
import type { OpenBlockArgs } from '../contract';
import { parseNumber } from '../lib/offsets';
import { useBlock, useSession } from '../sessionContext';

export function OpenBlockForm() {
  const hello = useBlock((s) => s.hello);
  const opening = useBlock((s) => s.opening);
  const openError = useBlock((s) => s.openError);
  const session = useSession();
  const [name, setName] = useState('');
  const [size, setSize] = useState('');
  const [createIfMissing, setCreateIfMissing] = useState(false);
  const [readOnly, setReadOnly] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const defaultSize = hello?.defaultBlock.size ?? 4096;
  const creates = createIfMissing && !readOnly;

  function submit(event: FormEvent) {
    event.preventDefault();
    const blockName = name.trim() === '' ? (hello?.defaultBlock.name ?? '') : name.trim();
    const args: OpenBlockArgs = { name: blockName, ...(creates ? {} : { create: false }), ...(readOnly ? { readOnly: true } : {}) };
    // Empty: the default size to create, or for an existing block its own size.
    if (size.trim() !== '' || creates) {
      const parsed = parseNumber(size.trim() === '' ? String(defaultSize) : size, 'size');
      if (!parsed.ok) return setLocalError(parsed.message);
      if (parsed.value <= 0) return setLocalError('The size must be at least 1 byte.');
      args.size = parsed.value;
    }
    setLocalError(null);
    void session.openBlock(args);
  }

  const error = localError ?? openError;
  return (
    <form className="open-form" onSubmit={submit} data-testid="open-form">
      <input
        aria-label="Block name"
        placeholder={`e.g. ${hello?.defaultBlock.name ?? 'dllmemfilemap'}`}
        title={`Empty: ${hello?.defaultBlock.name ?? 'the default block'}`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-testid="open-name"
        spellCheck={false}
      />
      <input
        aria-label="Block size in bytes"
        className="size-input"
        placeholder={creates ? `e.g. ${defaultSize}` : 'e.g. empty = its size'}
        title={creates ? `Bytes, decimal or hex (0x1000); empty: ${defaultSize}` : "Leave empty to take the existing block's real size"}
        value={size}
        onChange={(e) => setSize(e.target.value)}
        data-testid="open-size"
        spellCheck={false}
      />
      <label className="check" title="Look without changing anything: no writes, no lock, never creates">
        <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} data-testid="open-read-only" />
        Read-only
      </label>
      <label className="check" title="Make the block (zero-filled, this size) when no block has this name">
        <input
          type="checkbox"
          checked={creates}
          disabled={readOnly}
          aria-describedby={readOnly ? 'open-read-only-note' : undefined}
          onChange={(e) => setCreateIfMissing(e.target.checked)}
          data-testid="open-create"
        />
        Create if missing
      </label>
      <button type="submit" disabled={opening} data-testid="open-button">
        {opening ? 'Opening…' : 'Open'}
      </button>
      {readOnly && (
        <div className="muted" id="open-read-only-note" data-testid="open-read-only-note">
          Read-only never creates: a missing name is refused.
        </div>
      )}
      {error && (
        <div className="form-error" role="alert" data-testid="open-error">
          {error}
        </div>
      )}
    </form>
  );
}
