// Module resolution hook: k6's built-in modules and the jslib URL resolve to the shim's files.
const SHIMS = {
  k6: './k6.mjs',
  'k6/http': './http.mjs',
  'k6/crypto': './crypto.mjs',
  'k6/encoding': './encoding.mjs',
  'k6/metrics': './metrics.mjs',
  'https://jslib.k6.io/k6-summary/0.1.0/index.js': './summary.mjs',
};

export async function resolve(specifier, context, next) {
  const shim = SHIMS[specifier];
  if (shim)
    return { url: new URL(shim, import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
