/**
 * The build command as the command line runs it: the CommonJS script
 * `npm run compile` writes, with V8's code cache beside it
 * (src/codecache.ts, src/bundle.ts).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { differences, FIXTURES, listFiles, requireCompiled, ROOT, runCli, tempDir, tree } from './site/helpers.js';

const SCRIPT = path.join(ROOT, 'dist/src/chunks/build.cjs');

/** Runs `code` (an ES module) in a new Node process, as the command line starts: with its V8 flags set first. */
function node(code: string, cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const prelude = `import { tuneEngine } from ${JSON.stringify(path.join(ROOT, 'dist/src/engine.js'))}; tuneEngine();\n`;
  // A file rather than `--input-type=module -e`, which the build's worker threads would take from the process's arguments.
  const file = path.join(tempDir('news-archive-codecache-'), 'run.mjs');
  writeFileSync(file, prelude + code);
  const result = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CODECACHE = JSON.stringify(path.join(ROOT, 'dist/src/codecache.js'));

describe('the build command with its code cache', () => {
  it('has a cache made for its script, which V8 takes in a process started as the command line starts', () => {
    requireCompiled();
    const run = node(`const { cacheUse } = await import(${CODECACHE}); process.stdout.write(cacheUse(${JSON.stringify(SCRIPT)}));`);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('used');
  });

  it('compiles a script from its source when the cache beside it was made from other bytes of the same length', () => {
    requireCompiled();
    const dir = tempDir('news-archive-codecache-');
    const script = path.join(dir, 'build.cjs');
    const text = readFileSync(SCRIPT, 'utf8');
    const at = text.indexOf('news-archive build: ');
    expect(at).toBeGreaterThan(0);
    // One letter of a message changed: the same length, which is all V8 itself checks.
    writeFileSync(script, `${text.slice(0, at)}N${text.slice(at + 1)}`);
    copyFileSync(`${SCRIPT}.cache`, `${script}.cache`);
    const load = (file: string): string =>
      `const { loadScript } = await import(${CODECACHE}); const loaded = loadScript(${JSON.stringify(file)}); process.stdout.write(loaded.cache + ' ' + typeof loaded.exports.run);`;
    expect(node(load(script)).stdout).toBe('stale function');
    expect(node(load(SCRIPT)).stdout).toBe('used function');
  });

  it('builds the same site, search index included, as the build command run from its modules, and rebuilds it the same after an edit', () => {
    requireCompiled();
    const dir = tempDir();
    const input = path.join(dir, 'input');
    cpSync(FIXTURES, input, { recursive: true });
    const viaScript = (): ReturnType<typeof runCli> => runCli(['build', '--input', input, '--output', path.join(dir, 'script'), '--quiet', '--jobs', '2']);
    const viaModules = (): ReturnType<typeof node> =>
      node(
        `const { run } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/commands/build.js'))}); process.exitCode = await run(${JSON.stringify(['--input', input, '--output', path.join(dir, 'modules'), '--quiet', '--jobs', '2'])});`,
      );
    const both = (): void => {
      const script = viaScript();
      expect(script.status).toBe(0);
      const modules = viaModules();
      // The fixtures' diagnostics, the same either way.
      expect(modules.stderr).toBe(script.stderr);
      expect(modules.status).toBe(0);
      const built = tree(path.join(dir, 'script'));
      expect([...built.keys()].some((file) => file.startsWith('pagefind/'))).toBe(true);
      expect(differences(built, tree(path.join(dir, 'modules')))).toEqual([]);
    };
    both();
    // A paragraph added to one dispatch: a rebuild of a few pages, changing the output in place.
    const edited = listFiles(input).find((file) => file.endsWith('.txt') && readFileSync(path.join(input, file), 'utf8').includes('(Xinhua) --'))!;
    appendFileSync(path.join(input, edited), '\nA paragraph added to the body.\n');
    both();
    const { cache, pages } = JSON.parse(readFileSync(path.join(dir, 'script.report.json'), 'utf8')) as { cache: { rendered: number }; pages: number };
    expect(cache.rendered).toBeGreaterThan(0);
    expect(cache.rendered).toBeLessThan(pages);
  });
});
