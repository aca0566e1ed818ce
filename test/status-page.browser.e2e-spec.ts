import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import {
  startBalancedInstances,
  type BalancedInstances,
} from './support/balanced-instances.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { chromiumPath, requireTool } from './support/system-tools.js';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it). Never a downloaded build. */
const CHROMIUM = chromiumPath();
const withChromium = requireTool('chromium', 'the status page browser test');
const withChromiumAndNginx = requireTool(
  ['chromium', 'nginx'],
  'the status page balancer chart (three instances behind nginx)',
);

/** Debian's Chromium, headless, with a fresh profile. */
async function launch(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 900, height: 1200 },
  });
}
const SCREENSHOT = join('test-artifacts', 'status-page.png');
const ENV = {
  WEBSITE_INSTANCE_ID: 'browser-instance-42',
  WEBSITE_SITE_NAME: 'mcp-demo',
  SLOT_NAME: 'production',
};

withChromium('status page in a real browser (headless Chromium)', () => {
  let t: TestServer;
  let profile: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    t = await startApp(ENV);
    profile = mkdtempSync(join(tmpdir(), 'status-page-chromium-'));
    browser = await launch(profile);
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('shows the instance and the tools, loads nothing else, logs no error; saves a screenshot', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) =>
      problems.push(`pageerror: ${error.message}`),
    );
    page.on('request', (request) => requests.push(request.url()));

    const response = await page.goto(`${t.baseUrl}/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await expect(page.locator('#instance-id').textContent()).resolves.toBe(
      'browser-instance-42',
    );
    expect(await page.locator('#instance-id').isVisible()).toBe(true);
    const tools = await page.locator('ul.tools code').allTextContents();
    expect(tools).toEqual(
      expect.arrayContaining([
        'compute_primes',
        'echo',
        'lookup_fact',
        'tally',
        'whoami',
      ]),
    );
    for (const tool of tools)
      expect(
        await page
          .locator('ul.tools code', { hasText: tool })
          .first()
          .isVisible(),
      ).toBe(true);
    await expect(page.locator('#mcp-url').textContent()).resolves.toBe(
      `${t.baseUrl}/mcp`,
    );

    // The inline script ran (its CSP hash matched): it reveals the copy button, which copies the snippet.
    const copy = page.locator('#copy');
    expect(await copy.isVisible()).toBe(true);
    await copy.click();
    // The click handler awaits the clipboard: wait for its answer instead of reading at once.
    await page
      .locator('#copy', { hasText: /^(Copied|Press Ctrl\+C to copy)$/ })
      .waitFor({ timeout: 5_000 });

    expect(requests).toEqual([`${t.baseUrl}/`]);
    expect(problems).toEqual([]);

    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});

withChromiumAndNginx(
  'status page balancer chart (three instances behind nginx)',
  () => {
    let balanced: BalancedInstances;
    let profile: string;
    let browser: BrowserContext;

    beforeAll(async () => {
      balanced = await startBalancedInstances(3, 'chart');
      profile = mkdtempSync(join(tmpdir(), 'status-chart-chromium-'));
      browser = await launch(profile);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
      await balanced?.stop();
    });

    it('calls whoami N times from the page and charts every instance that answered, CSP intact', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) =>
        problems.push(`pageerror: ${error.message}`),
      );
      page.on('request', (request) =>
        requests.push(`${request.method()} ${request.url()}`),
      );
      await page.goto(`${balanced.baseUrl}/`, { waitUntil: 'load' });

      const calls = page.locator('#whoami-calls');
      expect(await calls.inputValue()).toBe('30');
      await calls.fill('12');
      await page.locator('#run-whoami').click();
      await page
        .locator('#whoami-status[data-done="true"]')
        .waitFor({ timeout: 30_000 });

      const bars = await page
        .locator('#whoami-chart g[data-instance]')
        .evaluateAll((rows) =>
          rows.map((row) => ({
            instance: row.getAttribute('data-instance'),
            count: Number(row.getAttribute('data-count')),
            label: row.querySelector('text.label')?.textContent,
            width: Number(row.querySelector('rect')?.getAttribute('width')),
          })),
        );
      // nginx round robin: 12 calls over 3 instances, every one of them in the chart.
      expect(bars.map((b) => b.instance)).toEqual([...balanced.instanceIds]);
      expect(bars.map((b) => b.label)).toEqual([...balanced.instanceIds]);
      expect(bars.reduce((sum, b) => sum + b.count, 0)).toBe(12);
      for (const bar of bars) {
        expect(bar.count).toBeGreaterThan(0);
        expect(bar.width).toBeGreaterThan(0);
      }
      await expect(page.locator('#whoami-status').textContent()).resolves.toBe(
        '12 of 12 calls answered by 3 instance(s)',
      );
      // Only the page and its own /mcp: the CSP let the calls through and nothing else was loaded.
      expect(new Set(requests)).toEqual(
        new Set([`GET ${balanced.baseUrl}/`, `POST ${balanced.baseUrl}/mcp`]),
      );
      expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(12);
      expect(problems).toEqual([]);

      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({
        path: join('test-artifacts', 'status-page-balancer.png'),
        fullPage: true,
      });
    });
  },
);
