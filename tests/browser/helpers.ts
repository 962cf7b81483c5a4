/**
 * What the browser tests share: Debian's Chromium through playwright-core,
 * a real build of the fixture archive into a temporary folder, axe-core, and
 * where screenshots go.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const FIXTURE = path.join(ROOT, 'tests/search/fixtures/archive');
export const SCREENSHOTS = path.join(ROOT, 'tests/artifacts/screenshots');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Builds `input` with the real CLI into a temporary folder; returns the output folder. */
export function buildSiteFrom(input: string, basePath: string): string {
  if (!existsSync(CLI)) throw new Error('dist/src/cli.js is missing: run `npm run compile` first');
  const output = path.join(mkdtempSync(path.join(os.tmpdir(), 'news-archive-browser-')), 'site');
  const args = [CLI, 'build', '--input', input, '--output', output, '--quiet', '--title', 'Fixture Wire Archive'];
  if (basePath !== '/') args.push('--base-path', basePath);
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`build failed (${result.status}): ${result.stderr}`);
  return output;
}

/** Builds the fixture archive (tests/search/fixtures/archive). */
export function buildFixtureSite(basePath: string): string {
  return buildSiteFrom(FIXTURE, basePath);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/** axe-core's violations of impact serious or critical on the page as it stands. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Waits until the search page has answered (results, no hits, or an error) and counted its filters. */
export async function searchSettled(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    if (document.querySelector('[data-search]')?.getAttribute('aria-busy') !== 'false') return false;
    const text = document.querySelector('[data-search-status]')?.textContent ?? '';
    const list = document.querySelector('[data-search-results]');
    if (/^No articles|could not load|nothing to search|no articles to search/.test(text)) return true;
    return /match/.test(text) && (list?.children.length ?? 0) > 0;
  });
  return (await page.textContent('[data-search-status]')) ?? '';
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}
