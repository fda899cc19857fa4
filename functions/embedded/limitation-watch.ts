import { sendLimitationWarnings, type WarningScanDeps } from '../services/limitation-warnings';

/** Wait after start before the first scan, so that start-up stays quick. */
const FIRST_SCAN_DELAY_MS = 10_000;

/**
 * Embedded mode's daily limitation scan: runs {@link sendLimitationWarnings} shortly after start
 * and then every `intervalHours`, one run at a time. The timers do not keep the process alive.
 * (In AWS a scheduled Lambda runs the same scan over the same index.)
 *
 * @example
 * const watch = startLimitationWatch({ table, notifier: outbox, clock }, 24);
 * watch.stop();
 */
export function startLimitationWatch(deps: WarningScanDeps, intervalHours: number): { stop: () => void } {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const { checked, warned } = await sendLimitationWarnings(deps);
      console.log(JSON.stringify({ level: 'info', message: 'limitation scan done', checked, warned }));
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'limitation scan failed', error: String((error as Error)?.stack ?? error) }));
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, FIRST_SCAN_DELAY_MS);
  const daily = setInterval(run, intervalHours * 3_600_000);
  first.unref();
  daily.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(daily);
    },
  };
}
