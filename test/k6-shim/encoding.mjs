export function b64encode(input, variant = 'std') {
  if (variant !== 'std')
    throw new Error(`k6 shim: b64encode variant ${variant} not shimmed`);
  return Buffer.from(
    typeof input === 'string' ? input : new Uint8Array(input),
  ).toString('base64');
}
