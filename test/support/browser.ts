/// <reference lib="dom" />
/**
 * The shared harness of the browser suites (test/browser/*.test.ts): Debian's Chromium through
 * playwright-core against the whole app (API + built client) on a fresh demo database, with every
 * page's script errors and CSP violations collected, an axe-core WCAG 2.1 AA check and the login
 * form driven like a user would.
 *
 * Without /usr/bin/chromium the suite is reported as pending (`this.skip()`), never as passed.
 */
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from './config.js';
import { startTestServer, type TestServer } from './server.js';

import type { FeedAdapters, FeedHttpFactory } from '../../server/feeds/runner.js';
export { DEMO_PASSWORD } from './config.js';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

function formatViolations(violations: AxeResults['violations']): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    at ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replaceAll('\n', '\n      ')}`)
        .join('\n');
      return `  [${violation.impact ?? 'n/a'}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page; fails listing every violation. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  if (results.violations.length > 0) console.log(`axe violations on ${where}:\n${formatViolations(results.violations)}`);
  expect(
    results.violations.map((violation) => violation.id),
    `axe violations on ${where}`,
  ).to.deep.equal([]);
}

/**
 * Follows a main-navigation link as a user would: on the row, or behind "Mehr"/"More" where the
 * items that do not fit the window are (the CERT administrator's longer list at 1280 px).
 */
export async function openNavItem(page: Page, name: string): Promise<void> {
  const navigation = page.getByRole('navigation', { name: /^(Hauptnavigation|Main navigation)$/ });
  const link = navigation.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) await navigation.getByRole('button', { name: /^(Mehr|More)$/ }).click();
  await link.click();
}

/** Signs in through the German login form and waits for the dashboard. */
export async function login(page: Page, url: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lagebild' }).waitFor();
}

/** One running browser suite: the server, Chromium, and the errors its pages raised. */
export interface BrowserHarness {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Script errors (`pageerror`) of every page opened through {@link BrowserHarness.newPage}. */
  readonly pageErrors: string[];
  /** Console errors about the Content Security Policy. */
  readonly cspViolations: string[];
  /** A fresh context (own cookies) with the suite's viewport and locale, and its first page, watched. */
  newPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Records script errors and CSP violations of a page into the harness lists. */
function watch(page: Page, pageErrors: string[], cspViolations: string[]): void {
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
}

/**
 * Starts the app (serving the client) and Chromium for a `before` hook, or skips the suite when
 * Chromium is not installed. Call it as `harness = await startBrowserHarness(this)`.
 */
export async function startBrowserHarness(hook: Mocha.Context, options: { env?: Record<string, string>; feedHttp?: FeedHttpFactory; feedAdapters?: FeedAdapters } = {}): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM)) {
    console.log(`browser suite pending: ${CHROMIUM} not installed`);
    hook.skip();
  }
  hook.timeout(240_000);
  const server = await startTestServer({
    demoPassword: DEMO_PASSWORD,
    serveClient: true,
    ...(options.env ? { env: options.env } : {}),
    ...(options.feedHttp ? { feedHttp: options.feedHttp } : {}),
    ...(options.feedAdapters ? { feedAdapters: options.feedAdapters } : {}),
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    await server.close();
    throw error;
  }
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    pageErrors,
    cspViolations,
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport, locale: 'de-DE', reducedMotion: 'reduce' });
      // A ceiling for page loads and waits on a loaded 2-core machine; the live must-shows (2 s) pass
      // their own, shorter timeouts.
      context.setDefaultTimeout(30_000);
      contexts.push(context);
      const page = await context.newPage();
      watch(page, pageErrors, cspViolations);
      return { context, page };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}

/** The last `it` of every browser suite: no page raised a script error or a CSP violation. */
export function expectCleanPages(harness: BrowserHarness | undefined): void {
  expect(harness?.pageErrors ?? [], 'page errors').to.deep.equal([]);
  expect(harness?.cspViolations ?? [], 'CSP violations').to.deep.equal([]);
}
