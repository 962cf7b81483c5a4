/**
 * `news-archive parse` through the real CLI (dist/src/cli.js, built by
 * `npm run compile`): the JSON document, human output and exit statuses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = path.resolve('dist/src/cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'parse', ...args], { encoding: 'utf8' });

const dir = mkdtempSync(path.join(os.tmpdir(), 'news-archive-cli-'));
writeFileSync(path.join(dir, 'bad.txt'), 'no date line here\n');
writeFileSync(path.join(dir, 'warn.txt'), ' date 2024-01-02 A dispatch without a dateline\n\nJust text.\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('news-archive parse', () => {
  it('prints the seed as one JSON document with the public field names', () => {
    const r = run('seeds/', '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { articles: Record<string, unknown>[]; diagnostics: unknown[] };
    expect(Object.keys(doc)).toEqual(['articles', 'diagnostics']);
    expect(doc.diagnostics).toEqual([]);
    expect(doc.articles).toHaveLength(1);
    const a = doc.articles[0]!;
    expect(Object.keys(a)).toEqual(['source', 'date', 'headline', 'dateline', 'byline', 'photos', 'paragraphs', 'trailers', 'format', 'slug', 'url']);
    expect(a.source).toBe('seeds/000_8ad7e02274d1145b.txt');
    expect(a.dateline).toEqual({ place: 'MOSCOW', date: 'Aug. 21', isoDate: '2024-08-21', agency: 'Xinhua', text: 'MOSCOW, Aug. 21 (Xinhua) --', paragraph: 0 });
    expect((a.paragraphs as string[]).length).toBe(10);
    expect(a.url).toBe('/2024/08/22/li-mishustin-chair-meeting-between-chinese-russian-heads-of-govt-calling-for/');
  });

  it('prints diagnostics one per line and a summary in human mode; exit 0 without --strict', () => {
    const r = run(dir);
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${dir}/bad.txt:1:1  error  no date line: the first line must be " date YYYY-MM-DD Headline", found "no date line here"  missing-date-line`,
      `${dir}/warn.txt:3:1  warning  no dateline found: expected "CITY, Mon. D (Agency) --" at the start of the first paragraph  missing-dateline`,
      '2 files, 1 article, 1 warning, 1 error',
    ]);
    expect(r.stdout).toBe(`${dir}/warn.txt  /2024/01/02/a-dispatch-without-a-dateline/\n`);
  });

  it('exits 1 under --strict when a file has an error, 0 when only warnings', () => {
    expect(run(dir, '--strict').status).toBe(1);
    expect(run(path.join(dir, 'warn.txt'), '--strict').status).toBe(0);
  });

  it('exits 2 for a path that does not exist, still reporting the others', () => {
    const r = run('seeds/', path.join(dir, 'missing.txt'), '--json');
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout) as { articles: unknown[] };
    expect(doc.articles).toHaveLength(1);
    expect(r.stderr).toContain('unreadable-file');
  });

  it('exits 2 for bad usage', () => {
    expect(run().status).toBe(2);
    expect(run('--nope', 'seeds/').status).toBe(2);
  });
});
