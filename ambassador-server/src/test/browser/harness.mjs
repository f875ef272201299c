// The browser side of the web UI's end-to-end tests: Debian's Chromium driven by playwright-core,
// with a Content-Security-Policy violation listener on every page and axe-core on every page.
import axe from 'axe-core';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT = 20_000;

/** The base64 SHA-256 of the server certificate's public key: Chromium trusts exactly that key. */
export function spkiHash(serverCertPem) {
  const der = new X509Certificate(serverCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/**
 * Launches Chromium headless. Playwright gives it a fresh, temporary user-data-dir; the flags keep
 * it from calling home (component updates, sync, background networking), which on a closed
 * network only produces a flood of failed connections.
 */
export async function launch(serverCertPem) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--ignore-certificate-errors-spki-list=${spkiHash(serverCertPem)}`,
    ],
  });
}

/** Collects what each journey saw: checks passed or failed, CSP violations, page errors, dialogs. */
export class Recorder {
  constructor() {
    this.checks = {};
    this.cspViolations = [];
    this.pageErrors = [];
    this.dialogs = [];
    this.axeViolations = [];
  }

  async check(name, body) {
    try {
      await body();
      this.checks[name] = { passed: true };
      console.log(`PASS ${name}`);
    } catch (error) {
      this.checks[name] = { passed: false, detail: String(error?.stack ?? error) };
      console.log(`FAIL ${name}: ${error?.stack ?? error}`);
    }
  }

  summary() {
    const all = Object.values(this.checks);
    return {
      passed:
        all.length > 0 &&
        all.every((c) => c.passed) &&
        this.cspViolations.length === 0 &&
        this.pageErrors.length === 0 &&
        this.dialogs.length === 0 &&
        this.axeViolations.length === 0,
      checks: this.checks,
      csp_violations: this.cspViolations,
      page_errors: this.pageErrors,
      dialogs: this.dialogs,
      axe_violations: this.axeViolations,
    };
  }
}

/** A new browser context (its own cookies) whose pages report every CSP violation to the recorder. */
export async function newContext(browser, recorder, baseURL, label) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 860 } });
  await context.exposeBinding('__ambassadorCspViolation', ({ page }, violation) => {
    recorder.cspViolations.push({ journey: label, url: page.url(), ...violation });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__ambassadorCspViolation({
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: event.sourceFile,
      });
    });
  });
  context.on('page', (page) => watch(page, recorder, label));
  return context;
}

function watch(page, recorder, label) {
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (error) => recorder.pageErrors.push({ journey: label, url: page.url(), error: String(error) }));
  page.on('console', (message) => {
    // Chromium also logs each refusal; a second channel in case an event listener never ran.
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      recorder.cspViolations.push({ journey: label, url: page.url(), console: message.text() });
    }
  });
  page.on('dialog', async (dialog) => {
    recorder.dialogs.push({ journey: label, url: page.url(), type: dialog.type(), message: dialog.message() });
    await dialog.dismiss();
  });
}

/** Waits for the page's main heading (level 1) with this name. */
export async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor({ state: 'visible' });
}

/**
 * Runs axe-core on the page as it is. The engine is evaluated through the DevTools protocol, not a
 * script tag, so the page's CSP stays untouched and still applies to the app itself.
 */
export async function accessible(page, recorder, label) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.evaluate(axe.source);
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
  );
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: label, url: page.url(), id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  recorder.axeViolations.push(...serious);
  return serious;
}

/** Screenshots the page in the light and the dark theme (the app follows prefers-color-scheme). */
export async function screenshots(page, dir, name) {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(dir, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Opens a page, checks its accessibility in both themes, and screenshots it. */
export async function inspect(page, recorder, dir, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await accessible(page, recorder, `${name} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshots(page, dir, name);
}

/** Calls the API from inside the page, with its cookies, as the app would. */
export function fetchFromPage(page, url, init = {}) {
  return page.evaluate(
    async ({ url, init }) => {
      const xsrf = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))?.slice('XSRF-TOKEN='.length);
      const headers = { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...(xsrf ? { 'X-XSRF-TOKEN': decodeURIComponent(xsrf) } : {}) };
      const response = await fetch(url, { ...init, headers });
      const text = await response.text();
      return { status: response.status, body: text };
    },
    { url, init },
  );
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function readPem(file) {
  return readFileSync(file, 'utf8');
}
