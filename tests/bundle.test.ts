/**
 * The compiled command line as `npm run compile` bundles it (src/bundle.ts):
 * what the bundle must keep of the layout, which a build would otherwise
 * lose without failing (a slower Eleventy, or one thread).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireCompiled, ROOT } from './site/helpers.js';

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
});
