/**
 * Runs `task` `firstDelayMs` after start and then every `intervalHours`, one run at a time, logging
 * one line per run (the fields `task` returns) or its failure. The timers do not keep the process
 * alive. Embedded mode's stand-in for the daily EventBridge schedule of the AWS deployment.
 *
 * @example
 * const job = startPeriodic('limitation scan', 24, 10_000, () => sendLimitationWarnings(deps));
 * job.stop();
 */
export function startPeriodic(name: string, intervalHours: number, firstDelayMs: number, task: () => Promise<object>): { stop: () => void } {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const fields = await task();
      console.log(JSON.stringify({ level: 'info', message: `${name} done`, ...fields }));
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: `${name} failed`, error: String((error as Error)?.stack ?? error) }));
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, firstDelayMs);
  const repeat = setInterval(run, intervalHours * 3_600_000);
  first.unref();
  repeat.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(repeat);
    },
  };
}
