import { spawnSync } from 'node:child_process';

/**
 * Tests that need a system tool call this first, so a missing tool fails with the Debian package
 * to install rather than a cryptic spawn error.
 *
 * @example
 * requireTool('qpdf', 'qpdf');
 */
export function requireTool(command: string, debianPackage: string): void {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(`this test needs "${command}": install the Debian package ${debianPackage} (apt-get install ${debianPackage}), or run bash .ci/run`);
  }
}
