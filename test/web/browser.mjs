// Headless Chromium for the page tests: Debian's /usr/bin/chromium driven by playwright-core, a
// fresh profile per test, screenshots under test-artifacts/web/ (gitignored).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = 'test-artifacts/web';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A phone's viewport (an iPhone 12-15's CSS width). */
export const PHONE = { width: 390, height: 844 };

// Chromium comes from Debian (apt-get install chromium; .ci/run installs it): without it these
// tests fail saying they did not run.
/** A page in a fresh browser profile; closed (and deleted) when the test ends. */
export async function browser(t, viewport = { width: 1280, height: 860 }) {
  assert.ok(existsSync(CHROMIUM), 'DID NOT RUN: no ' + CHROMIUM + ' (apt-get install chromium)');
  const dir = mkdtempSync(join(tmpdir(), 'ddns-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport, acceptDownloads: true,
  });
  t.after(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

/** A full-page screenshot test-artifacts/web/<name>.png, for a reviewer to look at each view. */
export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

/** Logs in with the admin password and waits until the page says so. */
export async function login(page, pw) {
  await page.fill('#pw', pw);
  await page.click('#login-btn');
  await page.waitForFunction(() => document.getElementById('who').textContent === 'logged in');
}
