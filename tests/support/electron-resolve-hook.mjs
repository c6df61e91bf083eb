// Module resolve hook: `electron` is the API double; everything else resolves as usual.
const double = new URL('./electron-module-double.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: double, shortCircuit: true };
  return nextResolve(specifier, context);
}
