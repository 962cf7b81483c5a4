/**
 * Rebuilds after random changes, a seeded fuzz: a folder of generated
 * dispatches goes through rounds of random changes to its files (and now and
 * then to the output, by hand), and after each round the rebuild over the
 * previous output must write what a clean build of the same input writes,
 * byte for byte, with the same report. The changes are those an archive
 * meets: dispatches added, deleted, moved, copied, edited in their headline,
 * date, place, lead or body, bad bytes, Markdown, files the build ignores,
 * files touched or written again alike, and a day's worth at once.
 *
 * FUZZ_SEED=s FUZZ_ROUNDS=n explore more; a failure names its seed, its
 * round and that round's changes. A file changed in place in the output (its
 * folder's time unchanged) is not noticed by a build, as README.md says, so
 * the output is changed only as editors save: a new file renamed over one.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, generateDispatch } from '../../src/bench/dispatch.js';
import { createRandom, type Random } from '../../src/bench/random.js';
import { differences, listFiles, requireCompiled, runCli, tempDir, tree } from '../site/helpers.js';
import { comparableReport } from './helpers.js';

const SEED = process.env.FUZZ_SEED ?? 'rebuild-fuzz';
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 10);
const FIRST_DATE = '2023-12-10';
/** Days the dispatches are spread over: across a year's end, so that a change can move an article to another day, month or year. */
const DAYS = 45;
/** Spellings of a few places, some of one place: which spelling names a place depends on how many articles use each. */
const PLACES = ['MOSCOW', 'Moscow', 'BEIJING', 'NAIROBI', 'UNITED NATIONS', 'São Paulo', 'SAO PAULO', 'Kyiv', 'KYIV', 'ZÜRICH'];
/** A dateline at the start of a line: the place, then `Mon. D (`. */
const DATELINE = /^([A-Z][A-Z .'-]+|[A-Z][a-zA-Z .'-]+), ([A-Z][a-z]+\.? \d+ \()/m;

/**
 * The first rounds go each way a rebuild can go at least once; chance decides
 * the rest: an edit no other page shows (a paragraph added at the end), a
 * day's worth of new dispatches (past the thresholds where a rebuild reads and
 * renders on every thread), the output changed by hand, and one thread.
 */
const FIRST_ROUNDS: { count: number; kind?: string; byHand?: boolean; oneThread?: boolean }[] = [
  { count: 1, kind: 'append' },
  { count: 215, kind: 'add' },
  { count: 2, byHand: true },
  { count: 3, oneThread: true },
];

/** The date on a wire file's first line when it is a real one (a file given bad bytes may have none). */
function dateOf(text: string): string | null {
  const date = /^ date (\d{4}-\d{2}-\d{2}) /.exec(text)?.[1];
  return date !== undefined && addDays(date, 0) === date ? date : null;
}

function buildInto(input: string, output: string, ...extra: string[]): { status: number | null; stderr: string; report: string } {
  const result = runCli(['build', '--input', input, '--output', output, '--no-search', '--quiet', ...extra]);
  let report = '';
  try {
    report = comparableReport(readFileSync(`${output}.report.json`, 'utf8'));
  } catch {
    // No report: the status and stderr say why.
  }
  return { status: result.status, stderr: result.stderr, report };
}

/** The input folder and what the changes below do to it. */
class Input {
  private made = 0;
  constructor(
    readonly dir: string,
    private readonly r: Random,
  ) {}

  articles(): string[] {
    return listFiles(this.dir).filter((f) => f.endsWith('.txt') || f.endsWith('.md'));
  }

  wire(): string[] {
    return this.articles().filter((f) => f.endsWith('.txt'));
  }

  write(rel: string, bytes: string | Uint8Array): void {
    const file = path.join(this.dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }

  read(rel: string): string {
    return readFileSync(path.join(this.dir, rel), 'utf8');
  }

  /** A new generated dispatch, dated `date` or on a day of the range, at its place in a `YYYY/MM/` folder. */
  fresh(date = addDays(FIRST_DATE, this.r.int(0, DAYS))): { rel: string; text: string } {
    const d = generateDispatch(SEED, 100_000 + this.made++, date);
    return { rel: `${date.slice(0, 4)}/${date.slice(5, 7)}/${d.fileName}`, text: d.text };
  }

  /** Rewrites a file chosen from `among` with `edit`; answers what it did. */
  edit(among: readonly string[], what: string, edit: (text: string) => string): string {
    if (among.length === 0) return `${what}: nothing to change`;
    const rel = this.r.pick(among);
    this.write(rel, edit(this.read(rel)));
    return `${what} ${rel}`;
  }

  /** One change, described: of the kind named `only`, or of one chance picks. */
  change(only?: string): string {
    const r = this.r;
    const kinds: [number, string, () => string][] = [
      [20, 'add', () => { const d = this.fresh(); this.write(d.rel, d.text); return `add ${d.rel}`; }],
      [10, 'delete', () => { const rel = r.pick(this.articles()); rmSync(path.join(this.dir, rel)); return `delete ${rel}`; }],
      [8, 'headline', () => this.edit(this.wire(), 'headline', (t) => t.replace(/^( date \S+ )(.*)$/m, (_m, head: string, line: string) => `${head}${line} ${r.int(1, 9)}`))],
      [10, 'body', () => this.edit(this.articles(), 'body', (t) => { const blocks = t.split('\n\n'); const k = r.int(1, blocks.length - 1); blocks[k] = `${blocks[k]} One sentence more ${r.int(1, 999)}.`; return blocks.join('\n\n'); })],
      [4, 'append', () => { const rel = r.pick(this.articles()); appendFileSync(path.join(this.dir, rel), `\nA closing paragraph ${r.int(1, 99)}.\n`); return `append to ${rel}`; }],
      [8, 'date', () => this.edit(this.wire(), 'date', (t) => { const was = dateOf(t); return t.replace(/^ date \S+/, ` date ${was !== null && r.chance(0.4) ? addDays(was, r.int(-2, 2)) : addDays(FIRST_DATE, r.int(0, DAYS))}`); })],
      [8, 'place', () => this.edit(this.wire(), 'place', (t) => t.replace(DATELINE, `${r.pick(PLACES)}, $2`))],
      [3, 'lead', () => this.edit(this.wire(), 'lead', (t) => t.replace('(Xinhua) -- ', `(Xinhua) -- Update ${r.int(1, 99)}: `))],
      [5, 'copy', () => { const rel = r.pick(this.articles()); const copy = path.posix.join(path.posix.dirname(rel), `copy${this.made++}-${path.posix.basename(rel)}`); this.write(copy, readFileSync(path.join(this.dir, rel))); return `copy ${rel} to ${copy}`; }],
      [4, 'same headline', () => {
        const rel = r.pick(this.wire());
        const text = rel === undefined ? '' : this.read(rel);
        const date = dateOf(text);
        if (date === null) return `same headline: no date in ${rel}`;
        const first = text.split('\n')[0]!;
        const d = this.fresh(date);
        this.write(d.rel, d.text.replace(/^.*$/m, first));
        return `${d.rel} under the headline of ${rel}`;
      }],
      [4, 'bad bytes', () => {
        const d = this.fresh();
        const bad: [string, string | Uint8Array][] = [
          ['binary', new Uint8Array([0, 1, 2, 98, 105, 110])],
          ['empty', ''],
          ['an impossible date', d.text.replace(/^ date \S+/, ' date 2024-02-30')],
          ['invalid UTF-8', Buffer.concat([Buffer.from(d.text.slice(0, 120)), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(d.text.slice(120))])],
          ['no dateline', d.text.replace('(Xinhua) --', '')],
        ];
        const [what, bytes] = r.pick(bad);
        this.write(d.rel, bytes);
        return `${what}: ${d.rel}`;
      }],
      [4, 'markdown', () => {
        const date = addDays(FIRST_DATE, r.int(0, DAYS));
        const rel = `${date.slice(0, 4)}/notes-${this.made++}.md`;
        const place = r.pick(PLACES);
        this.write(rel, `---\ndate: ${date}\ntitle: "Notes *from* ${place} ${this.made}"\ndateline: "${place}, Jan. 3 (Xinhua) --"\n---\n\nA paragraph with **bold** and [a link](https://example.org).\n\n- a list\n- of items\n`);
        return `markdown ${rel}`;
      }],
      [5, 'move', () => {
        const rel = r.pick(this.articles());
        const to = r.chance(0.5) ? `moved/${path.posix.basename(rel)}` : path.posix.join(path.posix.dirname(rel), `m${this.made++}-${path.posix.basename(rel)}`);
        mkdirSync(path.dirname(path.join(this.dir, to)), { recursive: true });
        renameSync(path.join(this.dir, rel), path.join(this.dir, to));
        return `move ${rel} to ${to}`;
      }],
      [3, 'touch', () => { const rel = r.pick(this.articles()); const now = new Date(); utimesSync(path.join(this.dir, rel), now, now); return `touch ${rel}`; }],
      [3, 'write again', () => { const rel = r.pick(this.articles()); this.write(rel, readFileSync(path.join(this.dir, rel))); return `write ${rel} again alike`; }],
      [3, 'ignored', () => { const rel = r.chance(0.5) ? `.hidden-${this.made++}.txt` : `2024/notes-${this.made++}.json`; this.write(rel, 'not an article'); return `ignored ${rel}`; }],
      [3, 'delete the newest', () => {
        let newest = '';
        let date = '';
        for (const rel of this.wire()) {
          const at = dateOf(this.read(rel)) ?? '';
          if (at > date) [newest, date] = [rel, at];
        }
        if (newest !== '') rmSync(path.join(this.dir, newest));
        return `delete the newest, ${newest}`;
      }],
    ];
    if (only !== undefined) return kinds.find(([, name]) => name === only)![2]();
    let x = r.next() * kinds.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, , change] of kinds) {
      x -= weight;
      if (x < 0) return change();
    }
    return 'nothing';
  }
}

/** One change to the output by hand, as a user or an editor might make it. */
function changeOutput(output: string, r: Random): string {
  const pages = listFiles(output).filter((f) => f.endsWith('.html'));
  const page = r.pick(pages);
  switch (r.int(0, 2)) {
    case 0:
      rmSync(path.join(output, page));
      return `output: removed ${page}`;
    case 1: {
      const stray = r.pick(['stray.txt', '2024/stray.html', 'places/stray.html']);
      mkdirSync(path.dirname(path.join(output, stray)), { recursive: true });
      writeFileSync(path.join(output, stray), 'added by hand');
      return `output: added ${stray}`;
    }
    default: {
      const file = path.join(output, page);
      writeFileSync(`${file}.tmp`, 'saved by hand');
      renameSync(`${file}.tmp`, file);
      return `output: saved over ${page}`;
    }
  }
}

describe('rebuilds after random changes (seeded fuzz)', () => {
  it(`write what a clean build writes, round after round (seed ${JSON.stringify(SEED)}, ${ROUNDS} rounds)`, () => {
    requireCompiled();
    const r = createRandom(SEED);
    const input = new Input(path.join(tempDir('news-archive-fuzz-'), 'input'), r);
    for (let i = 0; i < 120; i++) {
      const d = input.fresh();
      input.write(d.rel, d.text);
    }
    const output = path.join(tempDir('news-archive-fuzz-'), 'site');
    expect(buildInto(input.dir, output).status).toBe(0);

    for (let round = 1; round <= ROUNDS; round++) {
      const planned = FIRST_ROUNDS[round - 1];
      // Mostly one change or a few; now and then a day's worth, past the thresholds where a rebuild parses on every thread.
      const p = r.next();
      const count = planned?.count ?? (p < 0.5 ? 1 : p < 0.8 ? r.int(2, 4) : p < 0.92 ? r.int(8, 30) : r.int(205, 230));
      const changes = Array.from({ length: count }, () => input.change(planned?.kind));
      if (planned !== undefined ? planned.byHand === true : r.chance(0.1)) changes.push(changeOutput(output, r));
      const extra = (planned !== undefined ? planned.oneThread === true : r.chance(0.1)) ? ['--jobs', '1'] : [];
      const rebuilt = buildInto(input.dir, output, ...extra);

      const reference = path.join(tempDir('news-archive-fuzz-clean-'), 'site');
      const clean = buildInto(input.dir, reference, '--no-cache');
      const shown = changes.length > 12 ? [...changes.slice(0, 12), `… ${changes.length - 12} more`] : changes;
      const context = `seed ${JSON.stringify(SEED)}, round ${round}${extra.length > 0 ? ' (--jobs 1)' : ''}, after:\n  ${shown.join('\n  ')}`;
      expect(rebuilt.status, `${context}\n${rebuilt.stderr}`).toBe(clean.status);
      expect(differences(tree(output), tree(reference)), context).toEqual([]);
      expect(rebuilt.report, context).toBe(clean.report);
      rmSync(path.dirname(reference), { recursive: true, force: true });
    }
  }, ROUNDS * 30_000 + 60_000);
});
