/**
 * Builds the hostile corpus in a temporary folder: the files of
 * tests/fixtures/hostile/ copied as they are, plus what is too big, binary or
 * special to commit (a 5 MB dispatch, a 9 MiB file, random bytes, symbolic
 * links including a loop and a dangling one, a FIFO, a folder named `x.txt`,
 * file names with markup and line breaks, an unreadable file when not root).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../../src/bench/random.js';
import { MAX_FILE_BYTES } from '../../src/decode.js';
import { LATIN1_NAME, MARKUP_NAME, NEWLINE_NAME, type Fate } from './fates.js';
import { ALL_FATES } from './fates.js';

export const HOSTILE_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/hostile');

/** Tests run as root in CI: file modes do not stop root from reading. */
export const IS_ROOT = process.getuid?.() === 0;

/** Every file under `dir` (not following links), as posix paths relative to it, sorted. */
function filesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const child = rel === '' ? name : `${rel}/${name}`;
    if (statSync(path.join(dir, child)).isDirectory()) out.push(...filesUnder(dir, child));
    else out.push(child);
  }
  return out;
}

function write(dir: string, rel: string, content: string | Uint8Array): void {
  const target = path.join(dir, ...rel.split('/'));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

export interface HostileCorpus {
  dir: string;
  /** The fate of every entry made in `dir`. */
  fates: Record<string, Fate>;
  /** A dispatch outside `dir` that a link inside points at. */
  outside: string;
}

export interface HostileOptions {
  /** Create files in reverse order (to show the output does not depend on file-system order). */
  reverse?: boolean;
  /** Leave out the multi-megabyte files (for the determinism test, which builds several times). */
  small?: boolean;
}

/** Makes the hostile corpus in `dir` (created; should not exist or be empty). */
export function makeHostileCorpus(dir: string, options: HostileOptions = {}): HostileCorpus {
  mkdirSync(dir, { recursive: true });
  const fates: Record<string, Fate> = {};
  const steps: (() => void)[] = [];
  const fate = (rel: string): void => {
    const f = ALL_FATES[rel];
    if (f === undefined) throw new Error(`no fate stated for ${JSON.stringify(rel)}`);
    fates[rel] = f;
  };

  for (const rel of filesUnder(HOSTILE_FIXTURES)) {
    steps.push(() => {
      mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
      copyFileSync(path.join(HOSTILE_FIXTURES, rel), path.join(dir, rel));
    });
    // Files inside a hidden folder are not entries of their own: the folder is ignored as a whole.
    const hiddenFolder = /^(.*?\/\.[^/]+)\//.exec(rel)?.[1];
    fate(hiddenFolder ?? rel);
  }

  const random = createRandom('hostile-corpus');
  const paragraph = (i: number): string => `Paragraph ${i} of a long report on trade, energy & "climate" <policy>, with figures.`;
  if (!options.small) {
    steps.push(() => {
      const paragraphs = Array.from({ length: 55_000 }, (_, i) => paragraph(i));
      write(dir, 'generated/multi-megabyte.txt', ` date 2024-04-01 A multi-megabyte dispatch\n\nBEIJING, April 1 (Xinhua) -- ${paragraphs.join('\n\n')}\n`);
    });
    fate('generated/multi-megabyte.txt');
    steps.push(() => {
      const long = Array.from({ length: 4000 }, (_, i) => `Sentence ${i} goes on about <b>markup</b> & more.`).join(' ');
      write(dir, 'generated/giant-paragraph.txt', ` date 2024-04-02 One paragraph of hundreds of kilobytes\n\nBEIJING, April 2 (Xinhua) -- ${long}\n`);
    });
    fate('generated/giant-paragraph.txt');
    steps.push(() => {
      const line = ` date 2024-04-03 Far too large\n\n${'BEIJING, April 3 (Xinhua) -- Text. '.repeat(100)}\n`;
      write(dir, 'generated/too-large.txt', line.repeat(Math.ceil((MAX_FILE_BYTES + 1) / line.length)));
    });
    fate('generated/too-large.txt');
  }
  steps.push(() => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(0, 255);
    bytes[100] = 0;
    write(dir, 'generated/random-binary.txt', bytes);
  });
  fate('generated/random-binary.txt');
  steps.push(() => {
    const controls = Array.from({ length: 400 }, (_, i) => String.fromCharCode(1 + (i % 8))).join('');
    write(dir, 'generated/mostly-control.txt', ` date 2024-04-04 Control\n\n${controls}\n`);
  });
  fate('generated/mostly-control.txt');
  steps.push(() => write(dir, MARKUP_NAME, ` date 2024-04-05 A file name with markup\n\nBEIJING, April 5 (Xinhua) -- The file name holds an img tag.\n`));
  fate(MARKUP_NAME);
  steps.push(() => write(dir, NEWLINE_NAME, ''));
  fate(NEWLINE_NAME);
  steps.push(() => {
    // The name as bytes: `café.txt` in Latin-1.
    const name = Buffer.concat([Buffer.from(path.join(dir, 'generated', 'caf')), Buffer.from([0xe9]), Buffer.from('.txt')]);
    mkdirSync(path.join(dir, 'generated'), { recursive: true });
    writeFileSync(name, ` date 2024-04-09 A file name in Latin-1\n\nBEIJING, April 9 (Xinhua) -- The name is not UTF-8.\n`);
  });
  fate(LATIN1_NAME);

  const outside = path.join(path.dirname(dir), `${path.basename(dir)}-outside.txt`);
  steps.push(() => {
    mkdirSync(path.join(dir, 'links'), { recursive: true });
    symlinkSync('nowhere.txt', path.join(dir, 'links/dangling.txt'));
    symlinkSync('self-loop.txt', path.join(dir, 'links/self-loop.txt'));
    symlinkSync('..', path.join(dir, 'links/loop'));
    symlinkSync('../bom.txt', path.join(dir, 'links/copy-of-bom.txt'));
    writeFileSync(outside, ` date 2024-04-06 Read through a link from outside\n\nBEIJING, April 6 (Xinhua) -- The link points outside the input folder.\n`);
    symlinkSync(outside, path.join(dir, 'links/outside.txt'));
  });
  for (const rel of ['links/dangling.txt', 'links/self-loop.txt', 'links/loop', 'links/copy-of-bom.txt', 'links/outside.txt']) fate(rel);
  steps.push(() => write(dir, 'folder.txt/inside.txt', ` date 2024-04-07 Inside a folder named like a file\n\nBEIJING, April 7 (Xinhua) -- The folder is named folder.txt.\n`));
  fate('folder.txt');
  fate('folder.txt/inside.txt');
  steps.push(() => execFileSync('mkfifo', [path.join(dir, 'fifo.txt')]));
  fate('fifo.txt');
  if (!IS_ROOT) {
    steps.push(() => {
      write(dir, 'no-permission.txt', ` date 2024-04-08 Cannot be read\n\nBEIJING, April 8 (Xinhua) -- Mode 000.\n`);
      chmodSync(path.join(dir, 'no-permission.txt'), 0o000);
    });
    fate('no-permission.txt');
  }

  for (const step of options.reverse ? [...steps].reverse() : steps) step();
  return { dir, fates, outside };
}
