// Opens (or creates) another block by name and size, like the original DLL's
// create-or-open. The host validates; its refusal is shown with its code.
import { useState, type FormEvent } from 'react';
import { parseNumber } from '../lib/offsets';
import { useBlockStore } from '../stores/block';

export function OpenBlockForm() {
  const hello = useBlockStore((s) => s.hello);
  const opening = useBlockStore((s) => s.opening);
  const openError = useBlockStore((s) => s.openError);
  const open = useBlockStore((s) => s.open);
  const [name, setName] = useState('');
  const [size, setSize] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const blockName = name.trim() === '' ? (hello?.defaultBlock.name ?? '') : name.trim();
    const sizeText = size.trim() === '' ? String(hello?.defaultBlock.size ?? 4096) : size;
    const parsed = parseNumber(sizeText, 'size');
    if (!parsed.ok) return setLocalError(parsed.message);
    if (parsed.value <= 0) return setLocalError('The size must be at least 1 byte.');
    setLocalError(null);
    void open({ name: blockName, size: parsed.value });
  }

  const error = localError ?? openError;
  return (
    <form className="open-form" onSubmit={submit} data-testid="open-form">
      <input
        aria-label="Block name"
        placeholder={hello?.defaultBlock.name ?? 'block name'}
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-testid="open-name"
        spellCheck={false}
      />
      <input
        aria-label="Block size in bytes"
        className="size-input"
        placeholder={String(hello?.defaultBlock.size ?? 4096)}
        value={size}
        onChange={(e) => setSize(e.target.value)}
        data-testid="open-size"
        spellCheck={false}
      />
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
