// Opens (or creates) another block by name and size, like the original DLL's
// create-or-open; with "Existing only" it opens a block some other program made,
// never creates one, and an empty size takes the block's real size. The host
// validates; its refusal is shown with its code.
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
  const [existingOnly, setExistingOnly] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const defaultSize = hello?.defaultBlock.size ?? 4096;

  function submit(event: FormEvent) {
    event.preventDefault();
    const blockName = name.trim() === '' ? (hello?.defaultBlock.name ?? '') : name.trim();
    const args: OpenBlockArgs = { name: blockName, ...(existingOnly ? { create: false } : {}) };
    // Empty: the default size to create, or under "Existing only" the block's own size.
    if (size.trim() !== '' || !existingOnly) {
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
        placeholder={existingOnly ? 'e.g. empty = its size' : `e.g. ${defaultSize}`}
        title={
          existingOnly ? "Leave empty to take the existing block's real size" : `Bytes, decimal or hex (0x1000); empty: ${defaultSize}`
        }
        value={size}
        onChange={(e) => setSize(e.target.value)}
        data-testid="open-size"
        spellCheck={false}
      />
      <label className="check" title="Open only a block that already exists; never create one">
        <input
          type="checkbox"
          checked={existingOnly}
          onChange={(e) => setExistingOnly(e.target.checked)}
          data-testid="open-existing-only"
        />
        Existing only
      </label>
      <button type="submit" disabled={opening} data-testid="open-button">
        {opening ? 'Opening…' : 'Open'}
      </button>
      {error && (
        <div className="form-error" role="alert" data-testid="open-error">
          {error}
        </div>
      )}
    </form>
  );
}
