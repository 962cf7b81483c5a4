/**
 * The compiled command line as `npm run compile` bundles it (src/bundle.ts):
 * what the bundle must keep of the layout, which a build would otherwise
 * lose without failing (a slower Eleventy, or one thread).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, requireCompiled, ROOT } from './site/helpers.js';

const CHUNKS = path.join(ROOT, 'dist/src/chunks');

function chunks(): { name: string; text: string }[] {
  requireCompiled();
  return readdirSync(CHUNKS)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ name, text: readFileSync(path.join(CHUNKS, name), 'utf8') }));
}

/** The specifiers a module imports statically, in the order written. */
function staticImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gms)].map((m) => m[1]!);
}

describe('the bundled command line', () => {
  it('imports eleventy-env.js before Eleventy wherever Eleventy is imported, so Eleventy loads without its ESM resolver hook', () => {
    const withEleventy = chunks().filter(({ text }) => staticImports(text).includes('@11ty/eleventy'));
    expect(withEleventy.length).toBeGreaterThan(0);
    for (const { name, text } of withEleventy) {
      const imports = staticImports(text);
      const env = imports.indexOf('./eleventy-env.js');
      expect(env, `${name} imports ./eleventy-env.js`).toBeGreaterThanOrEqual(0);
      expect(env, `${name} imports ./eleventy-env.js before @11ty/eleventy`).toBeLessThan(imports.indexOf('@11ty/eleventy'));
    }
    expect(readFileSync(path.join(CHUNKS, 'eleventy-env.js'), 'utf8')).toMatch(/process\.env\.ELEVENTY_SKIP_ESM_RESOLVER \?\?= ["']1["']/);
  });

  it('has the render worker beside the chunks that start it, and every relative import resolves', () => {
    const all = chunks();
    expect(all.some(({ text }) => text.includes('new URL("./worker.js", import.meta.url)'))).toBe(true);
    expect(existsSync(path.join(CHUNKS, 'worker.js'))).toBe(true);
    const entry = readFileSync(path.join(ROOT, 'dist/src/cli.js'), 'utf8');
    for (const [from, text] of [[path.join(ROOT, 'dist/src'), entry], ...all.map(({ text }) => [CHUNKS, text] as const)] as const) {
      for (const specifier of [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)["'](\.{1,2}\/[^"']+)["']/gm)].map((m) => m[1]!)) {
        expect(existsSync(path.resolve(from, specifier)), `${specifier} from ${from}`).toBe(true);
      }
    }
  });

  it("leaves out unist-util-visit-parents's naming of each visit, and only that (src/bundle.ts)", () => {
    const naming = /Object\.defineProperty\(visit\d*, ["']name["']/;
    // The package as npm put it does name them: otherwise this test would tell nothing.
    expect(readFileSync(path.join(ROOT, 'node_modules/unist-util-visit-parents/lib/index.js'), 'utf8')).toMatch(naming);
    const bundled = [...chunks(), { name: 'build.cjs', text: readFileSync(path.join(CHUNKS, 'build.cjs'), 'utf8') }];
    const withVisits = bundled.filter(({ text }) => text.includes('function visitParents('));
    // The render worker's chunks and the build command's script both carry remark-html's visits.
    expect(withVisits.length).toBeGreaterThanOrEqual(2);
    for (const { name, text } of withVisits) {
      expect(text, name).not.toMatch(naming);
      expect(text, name).toMatch(/function factory\(node\d*, index\d*, parents\)/);
    }
  });

  describe('run as a file (as `news-archive`)', () => {
    // A file that does not exist: Node warns on stderr as it starts when it reads the variable.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(ROOT, 'no-such-certificates.pem') };

    it('starts Node without NODE_EXTRA_CA_CERTS, which Node reads before any script', () => {
      requireCompiled();
      const asFile = spawnSync(CLI, ['--help'], { encoding: 'utf8', env });
      expect(asFile.status).toBe(0);
      expect(asFile.stdout).toMatch(/^usage: news-archive <command>/);
      expect(asFile.stderr).toBe('');
      // The same file run with `node`: the variable is read, so the check above can tell.
      const withNode = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', env });
      expect(withNode.status).toBe(0);
      expect(withNode.stderr).toMatch(/extra certs/);
    });

    it('passes its arguments on as given, spaces and quotes included', () => {
      requireCompiled();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'news-archive "launch" '));
      try {
        const file = path.join(dir, "a dispatch's file.txt");
        writeFileSync(file, ' date 2024-01-02 A dispatch\n\nBEIJING, Jan. 2 (Xinhua) -- Text.\n');
        const r = spawnSync(CLI, ['parse', file, '--json'], { encoding: 'utf8', env });
        expect(r.status, r.stderr).toBe(0);
        const doc = JSON.parse(r.stdout) as { articles: { source: string; headline: string }[] };
        expect(doc.articles.map((a) => [a.source, a.headline])).toEqual([[file, 'A dispatch']]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
