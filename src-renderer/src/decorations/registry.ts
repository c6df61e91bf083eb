// Every decoration of the hex view, one line per feature. The order is the
// priority: an earlier provider's classes and tooltip parts come first, its
// underline wins a byte, and its scrollbar marks are drawn under later ones.
// A new decoration is a file in this folder and a line here.
import { afterStringDecorations } from './afterString';
import { bookmarkDecorations } from './bookmarks';
import { changeDecorations } from './changes';
import { baselineDecorations, comparedFileDecorations } from './differences';
import { findMatchDecorations } from './findMatches';
import { structFieldDecorations } from './structFields';
import type { DecorationProvider } from './types';
import './decorations.css';

export const decorationProviders: readonly DecorationProvider[] = [
  changeDecorations,
  baselineDecorations,
  structFieldDecorations,
  afterStringDecorations,
  comparedFileDecorations,
  bookmarkDecorations,
  findMatchDecorations,
];
