/** The Clock port: the only source of "now", so tests and the limitation engine can fix time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
