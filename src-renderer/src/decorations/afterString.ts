// The live string's leftovers: bytes after its NUL, kept from an earlier,
// longer string, dimmed and explained.
import { useAfterStringSpan } from '../sessionContext';
import { decorationProvider } from './types';

export const AFTER_STRING_TITLE = 'after the string: left over from an earlier, longer string; GetSharedMem stops at the NUL before it';

export const afterStringDecorations = decorationProvider({
  name: 'after-string',
  useSource: useAfterStringSpan,
  decorate(span, range) {
    if (!span || span[0] >= range.end || span[1] <= range.start) return [];
    return [{ kind: 'cells', start: span[0], end: span[1], className: 'after-string', title: AFTER_STRING_TITLE }];
  },
});
