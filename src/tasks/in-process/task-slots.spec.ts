import { describe, expect, it } from '@jest/globals';
import { TaskSlots } from './task-slots.js';

describe(TaskSlots.name, () => {
  it('grants up to its size at once, then hands released slots to the line in order', async () => {
    const slots = new TaskSlots(2);
    expect(await slots.acquire()).toBe(true);
    expect(await slots.acquire()).toBe(true);
    const order: number[] = [];
    const third = slots.acquire().then((ok) => order.push(3) && ok);
    const fourth = slots.acquire().then((ok) => order.push(4) && ok);
    expect(slots.waiting).toBe(2);
    slots.release();
    await expect(third).resolves.toBe(true);
    slots.release();
    await expect(fourth).resolves.toBe(true);
    expect(order).toEqual([3, 4]);
    expect(slots.waiting).toBe(0);
  });

  it('tells the line, and later callers, that no slot comes once closed', async () => {
    const slots = new TaskSlots(1);
    await slots.acquire();
    const waiting = slots.acquire();
    slots.close();
    await expect(waiting).resolves.toBe(false);
    await expect(slots.acquire()).resolves.toBe(false);
  });
});
