import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Browser journeys against the real service: built, started on a fresh
 * embedded PostgreSQL (a temp DATA_DIR under os.tmpdir(), reachable by the OS
 * user postgres) with the demo data, "today" pinned. Debian's Chromium is
 * launched through executablePath: these machines cannot download browsers.
 */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('Chromium mangler: installér det med `apt-get install -y chromium fonts-liberation` (se README)');
}

// The config is loaded again in every worker; the first load's data dir is inherited through the environment.
if (!process.env.KL_BROWSER_DATA_DIR) {
  const dir = mkdtempSync(join(tmpdir(), 'kvalitetsloop-browser-'));
  chmodSync(dir, 0o755);
  process.env.KL_BROWSER_DATA_DIR = dir;
}
const port = Number(process.env.KL_BROWSER_PORT ?? 3190);
export const BROWSER_TODAY = '2026-11-30';

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.pw.ts',
  outputDir: join(tmpdir(), 'kvalitetsloop-playwright-results'),
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // Generous: axe over a long page (the demo login lists every person) takes tens of seconds on a loaded two-core machine.
  timeout: 240_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    trace: 'off',
  },
  webServer: {
    command: 'node dist/src/main.js',
    url: `http://127.0.0.1:${port}/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM, not Playwright's default SIGKILL: the service then lets go of its embedded PostgreSQL, which stops
    // when no process holds a lease any more (the tests' sql() holds one only while it queries).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      // Absolute links (the calendar address, e-mails) are made from PUBLIC_URL: the address the browser uses.
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: process.env.KL_BROWSER_DATA_DIR,
      TODAY: BROWSER_TODAY,
      LOG_LEVEL: 'warn',
      SCHEDULER: '1',
      DEMO: '1',
    },
  },
});
