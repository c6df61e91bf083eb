// The small Plot controls other panels show: "Plot this" in the data
// inspector (the value at the cursor, as the chosen type and byte order) and
// "Plot" beside a Struct field. Each adds a series to the Plot panel's store.
import { memo, useState } from 'react';
import { SCAN_TYPES, type NumberType } from '../contract';
import { useSession } from '../sessionContext';
import type { Endianness } from '../../../src-shared/lib/typed-value';
import { editorFor } from '../stores/struct';
import { structFieldRequest } from '../plot/sources';
import { countRender } from '../lib/renderCounts';

/**
 * "Plot this": the value at the cursor as a series; its type and byte order are chosen beside it (u32, little
 * endian by default). Memoised on the cursor: a write at the cursor renders the data inspector, not this form.
 */
export const PlotThis = memo(function PlotThis({ cursor }: { cursor: number }) {
  countRender('plot-this');
  const session = useSession();
  const [choice, setChoice] = useState('u32:little');
  const [type, endianness] = choice.split(':') as [NumberType, Endianness];
  return (
    <div className="plot-this">
      <label>
        Plot as{' '}
        <select aria-label="Plot type" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {SCAN_TYPES.flatMap((t) =>
            (t.endsWith('8') ? (['little'] as const) : (['little', 'big'] as const)).map((order) => (
              <option key={`${t}:${order}`} value={`${t}:${order}`}>
                {t.endsWith('8') ? t : `${t} ${order} endian`}
              </option>
            )),
          )}
        </select>
      </label>{' '}
      <button
        type="button"
        onClick={() => void session.stores.plot.getState().add({ offset: cursor, type, endianness, source: 'inspector' })}
      >
        Plot this
      </button>
    </div>
  );
});

/** "Plot" beside a numeric Struct field (nothing for a string, a record or a pointer-sized oddity). */
export function PlotStructField({ offset, type, path }: { offset: number; type: string; path: string }) {
  const session = useSession();
  const numberType = editorFor(type);
  if (numberType === null || !(SCAN_TYPES as readonly string[]).includes(numberType)) return null;
  const add = () => {
    const { littleEndian } = session.stores.struct.getState();
    void session.stores.plot.getState().add(structFieldRequest(offset, numberType as NumberType, littleEndian, path));
  };
  return (
    <button type="button" className="link plot-field" aria-label={`Plot ${path || '(struct)'}`} onClick={add}>
      Plot
    </button>
  );
}
