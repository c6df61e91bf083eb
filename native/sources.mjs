// Reads sources.gypi, the one list of the native build's sources, for the
// builds node-gyp does not run: win/build.sh (mingw), scripts/sanitize.mjs
// (ASan + UBSan, fuzz targets). binding.gyp includes the same file.
//
//   node native/sources.mjs <linux|darwin|windows> <list>   one path a line, relative to native/
//   list: library (the platform's), or a variable of sources.gypi without "_sources" (addon, reader, ...)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const nativeDir = dirname(fileURLToPath(import.meta.url));

/** sources.gypi's variables: gyp files are JSON with comments and trailing commas. */
export function readSourceLists() {
  const text = readFileSync(join(nativeDir, 'sources.gypi'), 'utf8')
    .replace(/^\s*#.*$/gm, '')
    .replace(/,(\s*[\]}])/g, '$1');
  return JSON.parse(text).variables;
}

/** The platform's library, as binding.gyp's conditions choose it. */
export function librarySources(platform) {
  const lists = readSourceLists();
  const byPlatform = {
    linux: [...lists.posix_sources, ...lists.linux_sources],
    darwin: [...lists.posix_sources, ...lists.darwin_sources],
    windows: lists.windows_sources,
  };
  if (!byPlatform[platform]) throw new Error(`unknown platform "${platform}": linux, darwin or windows`);
  return [...lists.common_sources, ...byPlatform[platform]];
}

/** A list by its short name ("addon" for addon_sources), or the platform's library. */
export function sourceList(platform, name) {
  if (name === 'library') return librarySources(platform);
  const list = readSourceLists()[`${name}_sources`];
  if (!list) throw new Error(`sources.gypi has no ${name}_sources`);
  return list;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [platform, name] = process.argv.slice(2);
  try {
    console.log(sourceList(platform, name).join('\n'));
  } catch (error) {
    console.error(`sources.mjs: ${error.message}`);
    process.exit(1);
  }
}
