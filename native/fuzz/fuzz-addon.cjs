'use strict';
// Randomized and mutational fuzzing of every addon call (scripts/sanitize.mjs
// runs it against the AddressSanitizer build). Usage:
//   node fuzz-addon.cjs <seconds> [seed]
// Each step calls one function of the addon with generated arguments: fresh
// random ones, or a mutation of an earlier call that produced an outcome not
// seen before (the corpus). Promises checked on every call: an error is an
// Error whose code is ERR_SHM_*; results keep the layout's bounds. Prints one
// JSON line: { seed, calls, outcomes, corpus, problems }. setSharedMem and
// getSharedMem are left out: they use the machine-wide default block, which
// other programs may be using (they are thin JavaScript over setString/getString).
const native = require('../index.js');

const seconds = Number(process.argv[2] ?? 10);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const prefix = `fuzz-${process.pid}-`;

// mulberry32: a small seeded generator, so a finding can be replayed.
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const int = (limit) => Math.floor(random() * limit);

const NUMBERS = [
  0,
  1,
  2,
  3,
  63,
  64,
  4095,
  4096,
  4097,
  65536,
  -1,
  -0,
  0.5,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 31,
  2 ** 53,
  2 ** 64,
  Number.MAX_SAFE_INTEGER,
  1 << 30,
  (1 << 30) + 1,
];
const UNITS = [
  'a',
  'é',
  '日',
  '\u{1F600}',
  '\uD800',
  '\uDC00',
  '\0',
  '\n',
  '\u202E',
  '\u2066',
  '/',
  '\\',
  '.',
  '.lock',
  ' ',
  '%',
  '\u0085',
];

function randomString(maxLength) {
  let text = '';
  const length = int(maxLength);
  for (let i = 0; i < length; i++) text += random() < 0.7 ? String.fromCharCode(0x20 + int(0x5f)) : pick(UNITS);
  return text;
}
function randomName() {
  // Never undefined: that is the machine-wide default block, which other programs may be using.
  if (random() < 0.1) return pick(['', '.', '..', 'a/b', 'x.lock', 'x.lock.mutex', 'n'.repeat(251), 'é'.repeat(126), 42, null]);
  return prefix + int(6) + (random() < 0.3 ? randomString(8) : '');
}
function randomValue(depth = 0) {
  switch (int(depth > 1 ? 6 : 9)) {
    case 0:
      return pick(NUMBERS);
    case 1:
      return int(5000);
    case 2:
      return randomString(64);
    case 3:
      return Buffer.alloc(int(5000), int(256));
    case 4:
      return pick([null, undefined, true, false, Symbol('s'), 10n]);
    case 5:
      return new (pick([Uint8Array, Uint16Array, Int8Array, Float64Array, DataView]))(new ArrayBuffer(int(64) * 8));
    case 6:
      return [randomValue(depth + 1)];
    case 7:
      return { name: randomName(), size: randomValue(depth + 1) };
    default:
      return randomOptions();
  }
}
function randomOptions() {
  const options = { name: randomName() };
  if (random() < 0.8) options.size = random() < 0.7 ? pick([1, 2, 3, 64, 4096, 5000]) : random() < 0.5 ? 'existing' : randomValue(2);
  if (random() < 0.3) options.create = random() < 0.8 ? random() < 0.5 : randomValue(2);
  if (random() < 0.3) options.readOnly = random() < 0.8 ? random() < 0.5 : randomValue(2);
  if (random() < 0.3) options.lockTimeoutMs = random() < 0.7 ? int(200) : randomValue(2);
  return options;
}

const blocks = [];
const calls = {
  openBlock: (args) => {
    // No options or no name would mean the machine-wide default block: give ours.
    const [options] = args;
    if (options === undefined || (options !== null && typeof options === 'object' && options.name === undefined)) {
      args = [{ ...(options ?? {}), name: `${prefix}default` }];
    }
    const block = native.openBlock(...args);
    blocks.push(block);
    if (blocks.length > 16) blocks.shift().close();
    return block;
  },
  openSysvSegment: (args) => native.openSysvSegment(...args),
  unlinkBlock: (args) => native.unlinkBlock(...args),
  read: (args, block) => block.read(...args),
  readInto: (args, block) => block.readInto(...args),
  write: (args, block) => block.write(...args),
  writeIfUnchanged: (args, block) => block.writeIfUnchanged(...args),
  setString: (args, block) => block.setString(...args),
  getString: (args, block) => block.getString(...args),
  writeCount: (args, block) => block.writeCount(...args),
  linked: (args, block) => block.linked(...args),
  close: (args, block) => block.close(...args),
  unlink: (args, block) => block.unlink(...args),
  holdLock: (args, block) => native.testing.holdLock(block, ...args),
  releaseLock: (args, block) => native.testing.releaseLock(block, ...args),
  tryLock: (args, block) => native.testing.tryLock(block, ...args),
};
const onBlock = new Set([
  'read',
  'readInto',
  'write',
  'writeIfUnchanged',
  'setString',
  'getString',
  'writeCount',
  'linked',
  'close',
  'unlink',
  'holdLock',
  'releaseLock',
  'tryLock',
]);

function randomArgs(method) {
  switch (method) {
    case 'openBlock':
      return random() < 0.9 ? [randomOptions()] : [randomValue()];
    case 'openSysvSegment':
      return [random() < 0.7 ? { id: pick([0, 1, -1, 2 ** 31, int(100000), 1.5, 'x']) } : randomValue()];
    case 'unlinkBlock':
      return [randomName()];
    case 'read':
      return [pick([0, int(5000), randomValue()]), pick([0, 1, int(5000), randomValue()])];
    case 'readInto':
      return [pick([0, int(5000), randomValue()]), randomValue()];
    case 'write':
      return [pick([0, int(5000), randomValue()]), random() < 0.7 ? Buffer.alloc(int(5000), int(256)) : randomValue()];
    case 'writeIfUnchanged': {
      const length = int(5000);
      const bytes = () => (random() < 0.8 ? Buffer.alloc(random() < 0.9 ? length : int(5000), int(2)) : randomValue());
      return [pick([0, int(5000), randomValue()]), bytes(), bytes()];
    }
    case 'setString':
      return [random() < 0.8 ? randomString(random() < 0.1 ? 5000 : 100) : randomValue()];
    case 'getString':
      return random() < 0.3 ? [] : [pick([0, 1, 2, int(5000), randomValue()])];
    default:
      return random() < 0.9 ? [] : [randomValue()];
  }
}

function mutate(args) {
  const copy = args.slice();
  if (copy.length === 0 || random() < 0.2) copy.push(randomValue());
  else copy[int(copy.length)] = random() < 0.5 ? randomValue() : pick(NUMBERS);
  return copy;
}

const problems = [];
function problem(text) {
  if (problems.length < 20) problems.push(text);
}

function checkResult(method, block, result) {
  if (method === 'getString' && block && !block.closed && result.length > Math.max(0, Math.floor(block.size / 2) - 1)) {
    problem(`getString gave ${result.length} units on a block of ${block.size} bytes`);
  }
  if (method === 'setString' && block && result.units > Math.max(0, Math.floor(block.size / 2) - 1)) {
    problem(`setString stored ${result.units} units in ${block.size} bytes`);
  }
}

const outcomes = new Set();
const corpus = [];
let count = 0;
const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  for (let batch = 0; batch < 100; batch++) {
    const fromCorpus = corpus.length > 0 && random() < 0.4;
    const entry = fromCorpus ? pick(corpus) : null;
    const method = entry ? entry.method : pick(Object.keys(calls));
    const args = entry ? mutate(entry.args) : randomArgs(method);
    const block = onBlock.has(method) ? (blocks.length ? pick(blocks) : null) : null;
    if (onBlock.has(method) && !block) continue;
    count++;
    let outcome;
    try {
      const result = calls[method](args, block);
      checkResult(method, block, result);
      outcome = `${method}:ok`;
    } catch (error) {
      const code = error && error.code;
      if (!(error instanceof Error) || typeof code !== 'string' || !code.startsWith('ERR_SHM_')) {
        problem(`${method}(${String(args).slice(0, 80)}) threw ${error && error.stack ? error.stack.split('\n')[0] : String(error)}`);
      }
      outcome = `${method}:${code}`;
    }
    if (!outcomes.has(outcome)) {
      outcomes.add(outcome);
      corpus.push({ method, args });
    }
  }
}

for (const block of blocks) block.close();
for (const suffix of [0, 1, 2, 3, 4, 5, 'default']) native.unlinkBlock(prefix + suffix);
const fs = require('node:fs');
for (const entry of fs.readdirSync('/dev/shm')) {
  if (entry.startsWith(prefix)) fs.rmSync(`/dev/shm/${entry}`, { force: true });
}
console.log(JSON.stringify({ seed, calls: count, outcomes: outcomes.size, corpus: corpus.length, problems }));
process.exit(problems.length ? 1 : 0);
