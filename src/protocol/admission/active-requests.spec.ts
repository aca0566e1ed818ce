import { describe, expect, it } from '@jest/globals';
import { ActiveRequests } from './active-requests.js';

/** Whether `promise` has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe(ActiveRequests.name, () => {
  it('is idle at once when nothing is being served', async () => {
    expect(await settled(new ActiveRequests().whenIdle())).toBe(true);
  });

  it('becomes idle when the last request is counted out, not before', async () => {
    const active = new ActiveRequests();
    const first = active.enter();
    const second = active.enter();
    const idle = active.whenIdle();
    const alsoIdle = active.whenIdle();
    first();
    expect(await settled(idle)).toBe(false);
    second();
    expect(await settled(idle)).toBe(true);
    expect(await settled(alsoIdle)).toBe(true);
  });

  it('counts a request out once however often it is released', async () => {
    const active = new ActiveRequests();
    const first = active.enter();
    active.enter();
    first();
    first();
    expect(await settled(active.whenIdle())).toBe(false);
  });
});
