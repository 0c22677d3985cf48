import { describe, expect, it } from 'vitest';
import { ArrivalClasses } from './arrival-classes.ts';
import { ArrivalSlots, arrivalSlotsBuffer } from './arrival-slots.ts';

describe('ArrivalClasses', () => {
  it('gives classes arrivals in exact proportion to their shares, interleaved', () => {
    const classes = new ArrivalClasses([3, 1]);
    const order = Array.from({ length: 8 }, (_, k) => classes.classOf(k));
    expect(order).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
  });

  it('agrees between threads that each ask only for their own arrivals', () => {
    const whole = new ArrivalClasses([5, 3, 2]);
    const all = Array.from({ length: 30 }, (_, k) => whole.classOf(k));
    const thread1 = new ArrivalClasses([5, 3, 2]);
    const own = [1, 4, 7, 10, 13, 16, 19, 22, 25, 28].map((k) => thread1.classOf(k));
    expect(own).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28].map((k) => all[k]));
    expect(all.filter((index) => index === 2)).toHaveLength(6);
  });
});

describe('ArrivalSlots', () => {
  it('caps each class over every holder of the buffer, and counts the users in flight', () => {
    const buffer = arrivalSlotsBuffer(2);
    const a = new ArrivalSlots(buffer, [2, 1]);
    const b = new ArrivalSlots(buffer, [2, 1]);
    expect([a.tryTake(0), b.tryTake(0), a.tryTake(0)]).toEqual([true, true, false]);
    expect([b.tryTake(1), a.tryTake(1)]).toEqual([true, false]);
    expect(new ArrivalSlots(buffer).inFlight()).toBe(3);
    a.give(0);
    expect(b.tryTake(0)).toBe(true);
    b.give(1);
    expect(a.inFlight()).toBe(2);
  });
});
