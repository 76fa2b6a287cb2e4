// Time as a dependency: production reads the system clock, tests pass a clock they control.
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move; for tests that need exact timestamps. */
export type ManualClock = Clock & { advance(ms: number): void; set(at: Date): void };

export function manualClock(start: Date = new Date('2026-01-15T09:00:00.000Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (at) => {
      current = at.getTime();
    },
  };
}
