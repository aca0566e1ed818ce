// k6's http.post is synchronous: a worker does the fetch while this thread waits on Atomics.
import { Worker } from 'node:worker_threads';
import { state } from './state.mjs';

const shared = new SharedArrayBuffer(8 + (1 << 22));
const control = new Int32Array(shared, 0, 2);
const data = new Uint8Array(shared, 8);
const worker = new Worker(new URL('./http-worker.mjs', import.meta.url), {
  workerData: shared,
});
worker.unref();

function post(url, body, params = {}) {
  state.requests.push({
    method: 'POST',
    url,
    headers: { ...params.headers },
    body,
  });
  Atomics.store(control, 0, 0);
  worker.postMessage({ url, body, headers: params.headers ?? {} });
  if (Atomics.wait(control, 0, 0, 30_000) === 'timed-out')
    throw new Error(`k6 shim: no answer from ${url}`);
  const answer = JSON.parse(
    new TextDecoder().decode(data.slice(0, control[1])),
  );
  return {
    status: answer.status,
    body: answer.body,
    headers: answer.headers,
    timings: { duration: answer.duration },
  };
}

export default { post };
