import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const control = new Int32Array(workerData, 0, 2);
const data = new Uint8Array(workerData, 8);

parentPort.on('message', async ({ url, body, headers }) => {
  const started = performance.now();
  let answer;
  try {
    const res = await fetch(url, { method: 'POST', headers, body });
    answer = {
      status: res.status,
      body: await res.text(),
      headers: Object.fromEntries(res.headers),
      duration: performance.now() - started,
    };
  } catch (err) {
    answer = {
      status: 0,
      body: null,
      headers: {},
      duration: performance.now() - started,
      error: String(err),
    };
  }
  const bytes = new TextEncoder().encode(JSON.stringify(answer));
  data.set(bytes.subarray(0, data.length));
  control[1] = Math.min(bytes.length, data.length);
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
});
