import { sendLimitationWarnings, type WarningScanDeps } from '../services/limitation-warnings';
import { startPeriodic } from './periodic';

/** Wait after start before the first scan, so that start-up stays quick. */
const FIRST_SCAN_DELAY_MS = 10_000;

/**
 * Embedded mode's daily limitation scan: runs {@link sendLimitationWarnings} shortly after start
 * and then every `intervalHours`. (In AWS the scheduled Lambda runs the same scan.)
 *
 * @example
 * const watch = startLimitationWatch({ table, notifier: outbox, clock }, 24);
 * watch.stop();
 */
export function startLimitationWatch(deps: WarningScanDeps, intervalHours: number): { stop: () => void } {
  return startPeriodic('limitation scan', intervalHours, FIRST_SCAN_DELAY_MS, () => sendLimitationWarnings(deps));
}
