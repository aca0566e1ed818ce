import { describe, expect, it } from '@jest/globals';
import { ListenSlots } from './listen-slots.js';

describe(ListenSlots.name, () => {
  it('caps the instance, and gives a slot back once however often it is released', () => {
    const slots = new ListenSlots(2, 5);
    const a = slots.acquire();
    const b = slots.acquire();
    expect(typeof a).toBe('function');
    expect(typeof b).toBe('function');
    expect(slots.acquire()).toBe('instance');
    (a as () => void)();
    (a as () => void)();
    expect(slots.open).toBe(1);
    expect(typeof slots.acquire()).toBe('function');
    expect(slots.acquire()).toBe('instance');
  });

  it('caps each caller on their own, within the instance cap', () => {
    const slots = new ListenSlots(10, 2);
    const alice = [slots.acquire('alice'), slots.acquire('alice')];
    expect(slots.acquire('alice')).toBe('caller');
    expect(typeof slots.acquire('bob')).toBe('function');
    (alice[0] as () => void)();
    expect(typeof slots.acquire('alice')).toBe('function');
    expect(slots.open).toBe(3);
  });
});
