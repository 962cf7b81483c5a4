/**
 * The manifest and the input stamps as files: what a build writes, the next
 * one reads back unchanged; anything else (another format, lists of unequal
 * length, another folder or version) reads as no manifest, so the build
 * renders everything rather than trust it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFolders, draftManifest, folderCheck, foldersUntouched, readManifest, readManifestHead, restampTouched, stampFolders, touchedFolders, writeManifestInPlace, type BuildRecord, type CachedFile, type FolderStamps } from '../../src/cache/manifest.js';
import { readInputStamps, RECENT_STAMPS, saveInputStamps, writeInputStamps, type InputStamp } from '../../src/cache/inputs.js';
import { tempDir } from '../site/helpers.js';

/** The stamp of the folder `dir` (`''` for the output folder), or undefined when it has none. */
function folderStampOf(stamps: FolderStamps, dir: string): number | undefined {
  const i = stamps.dirs.indexOf(dir);
  return i < 0 ? undefined : stamps.times[i];
}

/** An output folder with two pages and an asset, and the manifest an in-place commit would write for it. */
function builtOutput(): { output: string; files: Map<string, CachedFile>; about: BuildRecord } {
  const output = path.join(tempDir('news-archive-manifest-'), 'site');
  mkdirSync(path.join(output, '2024', '08', '21', 'a'), { recursive: true });
  writeFileSync(path.join(output, '2024', '08', '21', 'a', 'index.html'), 'a');
  writeFileSync(path.join(output, 'index.html'), 'home');
  writeFileSync(path.join(output, 'style.css'), 'css');
  const files = new Map<string, CachedFile>([
    ['index.html', { key: 'key-home', hash: 'hash-home' }],
    ['2024/08/21/a/index.html', { key: 'key-a', hash: 'hash-a' }],
    ['style.css', { key: null, hash: 'hash-css' }],
  ]);
  const about: BuildRecord = {
    input: 'input-digest',
    report: { articles: 1 },
    model: {
      settings: 'settings-digest',
      articles: new Map([['a.txt', { digest: 'digest-a', url: '/2024/08/21/a/', listing: 'listing-a', place: 'moscow' }]]),
      placeNames: new Map([['moscow', 'MOSCOW']]),
    },
  };
  const stamps = { dirs: ['2024', '2024/08', '2024/08/21', '2024/08/21/a'], times: Float64Array.of(1, 2, 3, 4), top: ['2024', 'index.html', 'style.css'] };
  writeManifestInPlace(output, 'v1', files, stamps, 4242, about);
  return { output, files, about };
}

const manifestFile = (output: string): string => path.join(`${output}.cache`, 'manifest.json');

describe('the manifest', () => {
  it('reads back what was written: files, stamps, input, report and model', () => {
    const { output, files, about } = builtOutput();
    const read = readManifest(output, 'v1');
    expect(read).not.toBeNull();
    expect(read!.files).toEqual(files);
    expect(read!.complete).toBe(true);
    expect(read!.stamps.top).toEqual(['2024', 'index.html', 'style.css']);
    expect(folderStampOf(read!.stamps, '2024/08/21/a')).toBe(4);
    expect(read!.input).toBe(about.input);
    expect(read!.report).toEqual(about.report);
    expect(read!.model).toEqual(about.model);
  });

  it('is stored as three lines of JSON (head, files, model), with lists of names beside lists of values, sorted by path', () => {
    const { output } = builtOutput();
    const [head, files, model, rest] = readFileSync(manifestFile(output), 'utf8').split('\n') as [string, string, string, string];
    expect(rest).toBe('');
    expect((JSON.parse(head) as { format: number }).format).toBe(5);
    const list = JSON.parse(files) as { paths: string[]; keys: unknown[]; hashes: unknown[] };
    expect(list.paths).toEqual(['2024/08/21/a/index.html', 'index.html', 'style.css']);
    expect(list.keys).toEqual(['key-a', 'key-home', null]);
    expect((JSON.parse(model) as { sources: string[] }).sources).toEqual(['a.txt']);
  });

  it('takes patch lines after an edit: a new head, the other lines as they were, and the patches applied when read', () => {
    const { output, files } = builtOutput();
    const before = readFileSync(manifestFile(output), 'utf8').split('\n');
    const head = readManifestHead(output, 'v1')!;
    expect(head.patches).toBe(0);
    const times = Float64Array.from(head.stamps.times);
    times[head.stamps.dirs.indexOf('2024/08/21/a')] = 5;
    const stamps = { dirs: head.stamps.dirs, times, top: head.stamps.top };
    const patch = { files: { paths: ['2024/08/21/a/index.html'], keys: ['key-a2'], hashes: ['hash-a2'] }, digests: { sources: ['a.txt'], digests: ['digest-a2'] } };
    head.writePatched(stamps, { input: 'input-2', report: { articles: 1, edited: true } }, patch, 4242);

    const lines = readFileSync(manifestFile(output), 'utf8').split('\n');
    expect(lines.slice(1, 3)).toEqual(before.slice(1, 3));
    expect(JSON.parse(lines[3]!)).toEqual(patch);
    const again = readManifestHead(output, 'v1')!;
    expect(again.patches).toBe(1);
    expect(again.input).toBe('input-2');
    expect(folderStampOf(again.stamps, '2024/08/21/a')).toBe(5);
    expect(again.readModel()!.digests).toEqual(['digest-a2']);
    const read = again.read()!;
    expect(read.files).toEqual(new Map([...files, ['2024/08/21/a/index.html', { key: 'key-a2', hash: 'hash-a2' }]]));
    expect(read.model!.articles.get('a.txt')).toEqual({ digest: 'digest-a2', url: '/2024/08/21/a/', listing: 'listing-a', place: 'moscow' });

    // A damaged patch line leaves nothing of the rest trusted.
    writeFileSync(manifestFile(output), `${lines.slice(0, 3).join('\n')}\n{"files":{"paths":["x"]}}\n`);
    expect(readManifestHead(output, 'v1')!.read()).toBeNull();
    expect(readManifestHead(output, 'v1')!.readModel()).toBeNull();
  });

  it('takes patch lines after any rebuild in place: files changed and gone, the model line anew, the digests of earlier edits no longer applied', () => {
    const { output, files } = builtOutput();
    const before = readFileSync(manifestFile(output), 'utf8').split('\n');
    const head = readManifestHead(output, 'v1')!;
    // An edit first: a patch of digests over the model line as written.
    head.writePatched(head.stamps, { input: 'input-2', report: { articles: 1 } }, { files: { paths: [], keys: [], hashes: [] }, digests: { sources: ['a.txt'], digests: ['digest-a2'] } }, 4242);
    const edited = readManifestHead(output, 'v1')!;
    expect(edited.readModel()!.digests).toEqual(['digest-a2']);
    // Then an article added and the old one's page gone: its new model line, with the digests of its own.
    const model = {
      settings: 'settings-digest',
      articles: new Map([
        ['a.txt', { digest: 'digest-a3', url: '/2024/08/21/a/', listing: 'listing-a', place: 'moscow' }],
        ['b.txt', { digest: 'digest-b', url: '/2024/08/22/b/', listing: 'listing-b', place: '' }],
      ]),
      placeNames: new Map([['moscow', 'MOSCOW']]),
    };
    const draft = draftManifest({ input: 'input-3', report: { articles: 2 }, model });
    const patch = {
      files: { paths: ['2024/08/22/b/index.html', 'index.html'], keys: ['key-b', 'key-home2'], hashes: ['hash-b', 'hash-home2'] },
      removed: ['2024/08/21/a/index.html'],
      digests: { sources: [], digests: [] },
      model: true as const,
    };
    edited.writePatchedDraft(edited.stamps, draft, patch, 4242);
    const lines = readFileSync(manifestFile(output), 'utf8').split('\n');
    // The files line copied as it was; the model line written anew; both patches after it.
    expect(lines[1]).toBe(before[1]);
    expect(lines[2]).not.toBe(before[2]);
    expect(lines).toHaveLength(6);
    const again = readManifestHead(output, 'v1')!;
    expect(again.patches).toBe(2);
    expect(again.input).toBe('input-3');
    expect(again.report).toEqual({ articles: 2 });
    expect(again.readModel()!.digests).toEqual(['digest-a3', 'digest-b']);
    const read = again.read()!;
    expect(read.model!.articles).toEqual(model.articles);
    expect(read.files).toEqual(
      new Map([
        ['index.html', { key: 'key-home2', hash: 'hash-home2' }],
        ['style.css', files.get('style.css')!],
        ['2024/08/22/b/index.html', { key: 'key-b', hash: 'hash-b' }],
      ]),
    );
    // Written whole again, the same files and model.
    writeManifestInPlace(output, 'v1', read.files, read.stamps, 4242, { input: 'input-3', report: { articles: 2 }, model: read.model });
    const whole = readManifestHead(output, 'v1')!;
    expect(whole.patches).toBe(0);
    expect(whole.read()!.files).toEqual(read.files);
    expect(whole.read()!.model!.articles).toEqual(model.articles);
  });

  it('writes a patch line and the new head in place while the head fits in the room the last whole write left, else writes it whole', () => {
    const { output } = builtOutput();
    const base = readManifest(output, 'v1')!;
    writeManifestInPlace(output, 'v1', base.files, base.stamps, 4242, { input: 'input-1', report: { articles: 4 }, model: null });
    const none = { files: { paths: [], keys: [], hashes: [] }, digests: { sources: [], digests: [] } };
    const inode = statSync(manifestFile(output)).ino;
    const [head] = readFileSync(manifestFile(output), 'utf8').split('\n');
    // Room after the head: spaces, which JSON allows.
    expect(head!.length - head!.trimEnd().length).toBeGreaterThanOrEqual(4096);
    readManifestHead(output, 'v1')!.writePatched(base.stamps, { input: 'input-2', report: { articles: 4, note: 'a longer report' } }, { ...none, digests: { sources: ['a.txt'], digests: ['digest-a2'] } }, 4242);
    expect(statSync(manifestFile(output)).ino).toBe(inode);
    const inPlace = readFileSync(manifestFile(output), 'utf8').split('\n');
    expect(inPlace[0]!.length).toBe(head!.length);
    expect(inPlace).toHaveLength(5);
    const read = readManifestHead(output, 'v1')!;
    expect([read.input, read.report, read.patches]).toEqual(['input-2', { articles: 4, note: 'a longer report' }, 1]);
    expect(read.read()!.files).toEqual(base.files);
    // A head longer than the room: the manifest is written whole, with room again.
    readManifestHead(output, 'v1')!.writePatched(base.stamps, { input: 'input-3', report: { long: 'x'.repeat(head!.length) } }, none, 4242);
    expect(statSync(manifestFile(output)).ino).not.toBe(inode);
    const whole = readManifestHead(output, 'v1')!;
    expect([whole.input, whole.patches]).toEqual(['input-3', 2]);
    expect(whole.read()!.files).toEqual(base.files);
  });

  it('takes a model\'s changes in a patch line: articles added, changed and gone go in and out at their places in the model\'s order, among the digests of edits', () => {
    const { output } = builtOutput();
    const entry = (day: string, slug: string, digest = `digest-${slug}`) => ({ digest, url: `/2024/08/${day}/${slug}/`, listing: `listing-${slug}`, place: slug === 'e' ? '' : 'moscow' });
    const first = {
      settings: 'settings-digest',
      token: 'token-1',
      articles: new Map([['a.txt', entry('20', 'a')], ['c.txt', entry('22', 'c')], ['e.txt', entry('24', 'e')], ['g.txt', entry('26', 'g')]]),
      placeNames: new Map([['moscow', 'MOSCOW']]),
    };
    const base = readManifest(output, 'v1')!;
    writeManifestInPlace(output, 'v1', base.files, base.stamps, 4242, { input: 'input-1', report: { articles: 4 }, model: first });
    const lines = readFileSync(manifestFile(output), 'utf8').split('\n');
    const none = { files: { paths: [], keys: [], hashes: [] }, digests: { sources: [], digests: [] } };
    // An edit of c, then a rebuild that adds b and f, moves e after g and drops a, then an edit of f.
    readManifestHead(output, 'v1')!.writePatched(base.stamps, { input: 'input-2', report: { articles: 4 } }, { ...none, digests: { sources: ['c.txt'], digests: ['digest-c2'] } }, 4242);
    const second = {
      settings: 'settings-digest',
      token: 'token-2',
      articles: new Map([['b.txt', entry('21', 'b')], ['c.txt', entry('22', 'c', 'digest-c2')], ['f.txt', entry('25', 'f')], ['g.txt', entry('26', 'g')], ['e.txt', entry('27', 'e')]]),
      placeNames: new Map([['moscow', 'Moscow']]),
      changes: { changed: ['b.txt', 'f.txt', 'e.txt'], gone: ['a.txt'] },
    };
    const draft = draftManifest({ input: 'input-3', report: { articles: 5 }, model: second }, true);
    expect(draft.model).toBeNull();
    readManifestHead(output, 'v1')!.writePatchedDraft(base.stamps, draft, { ...none, articles: draft.changes! }, 4242);
    readManifestHead(output, 'v1')!.writePatched(base.stamps, { input: 'input-4', report: { articles: 5 } }, { ...none, digests: { sources: ['f.txt'], digests: ['digest-f2'] } }, 4242);

    // The model line as it was written, the patches after it.
    const patched = readFileSync(manifestFile(output), 'utf8').split('\n');
    expect(patched.slice(1, 3)).toEqual(lines.slice(1, 3));
    expect(patched).toHaveLength(7);
    const head = readManifestHead(output, 'v1')!;
    const expected = new Map([...second.articles].map(([source, state]) => [source, source === 'f.txt' ? { ...state, digest: 'digest-f2' } : state]));
    const model = head.read()!.model!;
    expect([...model.articles]).toEqual([...expected]);
    expect(model.token).toBe('token-2');
    expect(model.placeNames).toEqual(second.placeNames);
    expect(head.readModel()!.sources).toEqual([...expected.keys()]);
    // Written whole again, the same model.
    writeManifestInPlace(output, 'v1', base.files, base.stamps, 4242, { input: 'input-4', report: { articles: 5 }, model });
    expect([...readManifest(output, 'v1')!.model!.articles]).toEqual([...expected]);
    // A patch whose changes are damaged leaves no model.
    writeFileSync(manifestFile(output), `${patched.slice(0, 4).join('\n')}\n${JSON.stringify({ ...none, articles: { token: 't', sources: ['x'], digests: [], urls: [], listings: [], places: [], gone: [] } })}\n`);
    expect(readManifestHead(output, 'v1')!.readModel()).toBeNull();
  });

  it('gives the head without reading the rest, and the rest as none when only the rest is damaged', () => {
    const { output, about } = builtOutput();
    const [head, files, model] = readFileSync(manifestFile(output), 'utf8').split('\n') as [string, string, string];
    writeFileSync(manifestFile(output), `${head}\n${files.slice(0, -5)}\n${model}\n`);
    const read = readManifestHead(output, 'v1');
    expect(read).not.toBeNull();
    expect(read!.input).toBe(about.input);
    expect(read!.report).toEqual(about.report);
    expect(folderStampOf(read!.stamps, '2024/08')).toBe(2);
    expect(read!.read()).toBeNull();
    expect(readManifest(output, 'v1')).toBeNull();
  });

  it('restamps an output changed in place as stamping it afresh would: new folders stamped, emptied ones dropped, the top level too', () => {
    const root = path.join(tempDir('news-archive-stamps-'), 'site');
    const files = ['index.html', 'feed.xml', '2024/08/21/a/index.html', '2024/08/21/b/index.html', '2024/09/01/c/index.html', '2015/01/01/d/index.html'];
    const write = (rel: string): void => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), rel);
    };
    files.forEach(write);
    const before = stampFolders(root, files, 4242);
    expect(touchedFolders(root, before).size).toBe(0);
    // Changed in place: an article added in a new month, one replaced, the only one of 2015 removed with its folders, a root file added.
    const added = ['2024/10/02/e/index.html', 'sitemap-2.xml'];
    const replaced = ['2024/08/21/a/index.html'];
    const removed = ['2015/01/01/d/index.html'];
    added.forEach(write);
    replaced.forEach((rel) => {
      writeFileSync(path.join(root, `${rel}.new`), 'again');
      renameSync(path.join(root, `${rel}.new`), path.join(root, rel));
    });
    unlinkSync(path.join(root, removed[0]!));
    rmSync(path.join(root, '2015'), { recursive: true });
    const touched = new Set<string>();
    for (const rel of [...added, ...replaced, ...removed]) for (let dir = path.posix.dirname(rel); dir !== '.'; dir = path.posix.dirname(dir)) touched.add(dir);
    // The old stamps see every folder the change touched (the 2015 ones gone), the output folder itself, and no other.
    expect([...touchedFolders(root, before)].sort()).toEqual(['', '2015', '2015/01', '2015/01/01', '2015/01/01/d', '2024', '2024/08/21/a']);
    const now = [...files.filter((f) => !removed.includes(f)), ...added];
    const restamped = restampTouched(root, before, touched, 4242, { added, removed });
    expect(touchedFolders(root, restamped).size).toBe(0);
    // A folder no change touched keeps the stamp it had.
    expect(folderStampOf(restamped, '2024/09/01/c')).toBe(folderStampOf(before, '2024/09/01/c'));
    // Changed by hand since, in a folder the change touched and in one it did not: both seen, and nothing else.
    writeFileSync(path.join(root, '2024/08/21/a/stray.html'), 'by hand');
    rmSync(path.join(root, '2024/09/01/c/index.html'));
    expect([...touchedFolders(root, restamped)].sort()).toEqual(['2024/08/21/a', '2024/09/01/c']);
    const fresh = stampFolders(root, now, 4242);
    expect(restamped.top).toEqual(fresh.top);
    expect([...restamped.dirs].sort()).toEqual([...fresh.dirs].sort());
    expect(restamped.times.length).toBe(restamped.dirs.length);
  });

  it('shares a check of the folders between threads: each takes the runs no other has taken, and any touched folder answers no', () => {
    const root = path.join(tempDir('news-archive-stamps-'), 'site');
    // More folders than one run of the check: 300 article folders, with their day, month and year folders.
    const files = ['index.html', ...Array.from({ length: 300 }, (_, i) => `2024/08/${String((i % 28) + 1).padStart(2, '0')}/a${i}/index.html`)];
    for (const rel of files) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), rel);
    }
    const stamps = stampFolders(root, files, 4242);
    expect(stamps.dirs.length).toBeGreaterThan(300);
    // One thread alone goes through every run; a second one after it finds none left, and says yes of the nothing it checked.
    const whole = folderCheck(root, stamps);
    expect(checkFolders(whole)).toBe(true);
    expect(Atomics.load(whole.next, 0)).toBeGreaterThanOrEqual(stamps.dirs.length);
    expect(checkFolders(whole)).toBe(true);
    // A folder touched in the last run: the thread that takes that run answers no, whichever it is.
    const last = stamps.dirs.at(-1)!;
    writeFileSync(path.join(root, last, 'stray.html'), 'by hand');
    expect(foldersUntouched(root, stamps)).toBe(false);
    const split = folderCheck(root, stamps);
    // Another thread took the first run (and with it the names at the top): this one checks the rest and sees the stray file.
    Atomics.store(split.next, 0, 256);
    expect(checkFolders(split)).toBe(false);
    expect(checkFolders(split)).toBe(true);
    rmSync(path.join(root, last, 'stray.html'));
    expect(foldersUntouched(root, stampFolders(root, files, 4242))).toBe(true);
    // A name added at the top is seen by the thread that takes the first run.
    writeFileSync(path.join(root, 'stray.html'), 'by hand');
    const top = folderCheck(root, stampFolders(root, files, 4242));
    writeFileSync(path.join(root, 'stray2.html'), 'by hand');
    expect(checkFolders(top)).toBe(false);
  });

  it('stamps folders so that a change right after the stamp is seen, and one made before it is not', () => {
    const root = path.join(tempDir('news-archive-stamps-'), 'site');
    const files = Array.from({ length: 40 }, (_, i) => `2024/01/${String((i % 28) + 1).padStart(2, '0')}/a${i}/index.html`);
    for (const rel of files) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), rel);
    }
    const stamps = stampFolders(root, files, 4242);
    // No marker left behind, and the folders and the names at the top are those of the files.
    expect(readdirSync(root)).toEqual(['2024']);
    expect(stamps.top).toEqual(['2024']);
    expect(stamps.dirs.length).toBe(1 + 1 + 1 + 28 + 40);
    expect(touchedFolders(root, stamps).size).toBe(0);
    // At once, each folder in turn: within the same tick of a coarse clock, a change must still be later than the stamp.
    for (const rel of files.slice(0, 5)) {
      const dir = path.posix.dirname(rel);
      writeFileSync(path.join(root, dir, 'x'), '');
      expect(touchedFolders(root, stamps).has(dir)).toBe(true);
    }
  });

  it('reads as none under another version, in another format, or with lists of unequal length', () => {
    const { output } = builtOutput();
    expect(readManifest(output, 'v2')).toBeNull();
    const [headLine, filesLine, modelLine] = readFileSync(manifestFile(output), 'utf8').split('\n') as [string, string, string];
    const head = JSON.parse(headLine) as Record<string, unknown>;
    const files = JSON.parse(filesLine) as { hashes: string[] };
    const model = JSON.parse(modelLine) as { digests: string[] };
    const lines = (h: unknown, f: unknown, m: unknown): string => `${JSON.stringify(h)}\n${JSON.stringify(f)}\n${JSON.stringify(m)}\n`;
    const variants: string[] = [
      lines({ ...head, format: 2 }, files, model),
      JSON.stringify({ ...head, files, model }),
      lines(head, { ...files, hashes: files.hashes.slice(1) }, model),
      lines({ ...head, stamps: { top: [], folders: ['2024'], runs: [] } }, files, model),
      lines({ ...head, stamps: { top: [], folders: ['2024'], runs: [5, 2] } }, files, model),
      lines(head, files, { ...model, digests: [] }),
      lines(head, files, { ...model, urls: undefined }),
      lines(head, Object.fromEntries([['index.html', { key: 'k', hash: 'h' }]]), model),
    ];
    for (const variant of variants) {
      writeFileSync(manifestFile(output), variant);
      expect(readManifest(output, 'v1')).toBeNull();
    }
    writeFileSync(manifestFile(output), lines(head, files, model));
    expect(readManifest(output, 'v1')).not.toBeNull();
  });
});

describe('the input stamps', () => {
  it('read back what was written, and read as none when damaged', async () => {
    const output = path.join(tempDir('news-archive-stamps-'), 'site');
    const stamp = (digest: string, ino: number): InputStamp => ({ size: 10, mtimeMs: 1.5, ctimeMs: 2.5, ino, digest });
    const files = new Map([['a.txt', stamp('da', 1)], ['b/c.txt', stamp('dc', 2)]]);
    mkdirSync(`${output}.cache`, { recursive: true });
    await writeInputStamps(output, { since: 99, clock: 2049, files }, 4242);
    expect(readInputStamps(output)).toEqual({ since: 99, clock: 2049, files, stored: files });
    // Stamps whose clock is not known read back without one.
    await writeInputStamps(output, { since: 99, files }, 4242);
    expect(readInputStamps(output)).toEqual({ since: 99, files, stored: files });
    await writeInputStamps(output, { since: 99, clock: 2049, files }, 4242);
    const file = path.join(`${output}.cache`, 'inputs.bin');
    const data = deserialize(readFileSync(file)) as Record<string, unknown> & { numbers: Float64Array; digests: string[] };
    // One number short of four per file, one digest short, and bytes cut off: each reads as none.
    writeFileSync(file, serialize({ ...data, numbers: data.numbers.subarray(1) }));
    expect(readInputStamps(output)).toBeNull();
    writeFileSync(file, serialize({ ...data, digests: data.digests.slice(1) }));
    expect(readInputStamps(output)).toBeNull();
    writeFileSync(file, serialize(data).subarray(0, 40));
    expect(readInputStamps(output)).toBeNull();
    writeFileSync(file, serialize({ ...data, clock: 'sda1' }));
    expect(readInputStamps(output)).toBeNull();
    writeFileSync(file, serialize(data));
    expect(readInputStamps(output)).toEqual({ since: 99, clock: 2049, files, stored: files });
  });

  it('keep a few new stamps beside the stored ones, each with the time and clock of the build that took it, and write them all once there are more', async () => {
    const output = path.join(tempDir('news-archive-stamps-'), 'site');
    const stamp = (digest: string, ino: number): InputStamp => ({ size: 10, mtimeMs: 1.5, ctimeMs: 2.5, ino, digest });
    const names = Array.from({ length: RECENT_STAMPS + 2 }, (_, i) => `f${String(i).padStart(2, '0')}.txt`);
    const files = new Map(names.map((name, i) => [name, stamp(`d${i}`, i + 1)]));
    mkdirSync(`${output}.cache`, { recursive: true });
    await writeInputStamps(output, { since: 99, clock: 2049, files }, 4242);
    const recentFile = path.join(`${output}.cache`, 'inputs-recent.bin');
    // A build at 150 re-stamps one file and stamps a new one; the rest are the stored stamps it read, as they were.
    const first = readInputStamps(output)!;
    const second = new Map(first.files);
    second.set('f00.txt', stamp('d0-new', 1));
    second.set('new.txt', stamp('dn', 100));
    const storedBytes = readFileSync(path.join(`${output}.cache`, 'inputs.bin'));
    await saveInputStamps(output, { since: 150, clock: 2050, files: second }, first, 4242);
    expect(readFileSync(path.join(`${output}.cache`, 'inputs.bin'))).toEqual(storedBytes);
    expect(existsSync(recentFile)).toBe(true);
    const read = readInputStamps(output)!;
    expect(read.since).toBe(99);
    expect(read.clock).toBe(2049);
    expect(read.files.get('f00.txt')).toEqual({ ...stamp('d0-new', 1), since: 150, clock: 2050 });
    expect(read.files.get('new.txt')).toEqual({ ...stamp('dn', 100), since: 150, clock: 2050 });
    expect(read.files.get('f01.txt')).toEqual(stamp('d1', 2));
    // A later build at 200 keeps those stamps (taken at 150) and adds one: still recent, each with its own time and clock
    // (this build's not known).
    const third = new Map(read.files);
    third.set('f02.txt', stamp('d2-new', 3));
    await saveInputStamps(output, { since: 200, files: third }, read, 4242);
    const again = readInputStamps(output)!;
    expect(again.files.get('new.txt')).toEqual({ ...stamp('dn', 100), since: 150, clock: 2050 });
    expect(again.files.get('f02.txt')).toEqual({ ...stamp('d2-new', 3), since: 200 });
    // Recent stamps over other stored stamps are not read.
    writeFileSync(path.join(`${output}.cache`, 'inputs.bin'), serialize({ ...(deserialize(storedBytes) as object), since: 300 }));
    expect(existsSync(recentFile)).toBe(true);
    expect(readInputStamps(output)!.files.get('new.txt')).toBeUndefined();
    // More new stamps than RECENT_STAMPS: every stamp written again, the recent ones removed.
    const stored = readInputStamps(output)!;
    const many = new Map([...stored.files].map(([name, value]) => [name, { ...value, digest: `${value.digest}-x` }]));
    await saveInputStamps(output, { since: 400, files: many }, stored, 4242);
    expect(existsSync(recentFile)).toBe(false);
    expect(readInputStamps(output)).toEqual({ since: 400, files: many, stored: many });
  });
});
