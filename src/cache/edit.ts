/**
 * A rebuild after a few articles were edited in ways no other page shows:
 * the same files, each edited article with the same listing (date,
 * headline, URL, place, lead; see ArticleListing), and nothing else
 * changed. Then the model is the previous build's (src/cache/model.ts), so
 * every page keeps its file but those articles' own, and a build need not
 * load every record and build the model again to know it: it parses the
 * edited files, checks their listings against the manifest's, and renders
 * their pages from the shells the previous build kept (src/cache/shells.ts)
 * and the new records.
 *
 * planEdit tells whether a rebuild is such a one, from what the build
 * learnt before it would load the corpus: the input's listing and digests
 * (inputFingerprint), the previous manifest and its report. Any doubt
 * answers null, and the build goes the whole way.
 */
import { fingerprintWith, readFiles, type InputState } from '../corpus.js';
import { compareDiagnostics } from '../diagnostics.js';
import { listingOf } from '../model/archive.js';
import type { ArticlePage } from '../model/types.js';
import { withUrl } from '../parse/lean.js';
import type { Diagnostic } from '../types.js';
import type { PreviousBuild } from './manifest.js';
import { listingDigest, modelToken, type ModelState } from './model.js';
import { pageOf, readShells } from './shells.js';

/** Most edited files a rebuild takes this way: each is read and parsed on the build's own thread. */
export const EDIT_LIMIT = 16;

/** What the previous build reported of its input, as its manifest keeps it. */
export interface EditReport {
  files: number;
  ignored: string[];
  diagnostics: Diagnostic[];
}

export interface EditInput {
  /** The output folder (its cache holds the shells). */
  output: string;
  /** What this build learnt of its input (inputFingerprint). */
  input: InputState;
  /** The previous build's manifest, read whole. */
  before: PreviousBuild;
  /** The previous build's input key (ManifestHead.input) and report. */
  previousInput: string;
  report: EditReport;
  /** The input key of a fingerprint, as the build makes it (with the assets and partition). */
  inputKey: (fingerprint: string) => string;
  /** This build's model settings (modelSettingsDigest). */
  settings: string;
}

export interface Edit {
  /** The edited articles' pages, with their new records. */
  pages: ArticlePage[];
  /** The digest of every file read, by path (for the pages' keys). */
  digests: ReadonlyMap<string, string>;
  /** The model state for the next manifest: the previous one with the edited sources' digests. */
  model: ModelState;
  /** The previous report's diagnostics with the edited files' own replaced. */
  diagnostics: Diagnostic[];
}

/**
 * Whether the input lists the files the previous build reported, none
 * unreadable and nothing new to say about its folders: the first thing an
 * edit needs, told from the listing alone.
 */
export function sameFiles(input: InputState, report: EditReport): boolean {
  const { found } = input.listing;
  if (found.unreadable.length > 0 || found.diagnostics.length > 0 || found.candidates.length !== report.files) return false;
  return found.ignored.length === report.ignored.length && found.ignored.every((entry, i) => entry === report.ignored[i]);
}

/** The edit this rebuild is, or null when it must build the whole way. */
export async function planEdit(edit: EditInput): Promise<Edit | null> {
  const { input, before, report } = edit;
  const { found } = input.listing;
  if (!sameFiles(input, report)) return null;
  const previous = before.model;
  if (previous === null || previous.settings !== edit.settings || !before.complete) return null;

  // Articles whose bytes changed; every other file must be as it was (the fingerprint check below).
  const edited: { display: string; absolute: string; digest: string }[] = [];
  const earlier = new Map<string, string>();
  for (const { display, absolute } of found.candidates) {
    const state = previous.articles.get(display);
    const digest = input.digests.get(display);
    if (state === undefined || digest === undefined || digest === state.digest) continue;
    if (edited.length === EDIT_LIMIT) return null;
    edited.push({ display, absolute, digest });
    earlier.set(display, state.digest);
  }
  if (edited.length === 0) return null;
  if (edit.inputKey(fingerprintWith(input, earlier)) !== edit.previousInput) return null;
  // An article that shares its date and headline with another: which one keeps the URL, or whether
  // one is dropped as a copy, depends on both texts.
  const names = new Set(edited.map((file) => file.display));
  for (const d of report.diagnostics) {
    if (d.rule === 'duplicate-article' && (names.has(d.file) || edited.some((file) => d.message.includes(file.display)))) return null;
  }

  const outcomes = await readFiles(edited.map(({ display, absolute }) => ({ display, absolute })));
  const records: ArticlePage['article'][] = [];
  const model = new Map(previous.articles);
  for (const [k, outcome] of outcomes.entries()) {
    const file = edited[k]!;
    const article = outcome.result?.article;
    // Changed again since the fingerprint was taken, or no longer an article.
    if (outcome.digest !== file.digest || article === undefined) return null;
    const state = previous.articles.get(file.display)!;
    const record = withUrl(article, state.url.split('/').at(-2)!, state.url);
    if (listingDigest(listingOf(record)) !== state.listing) return null;
    records.push(record);
    model.set(file.display, { ...state, digest: file.digest });
  }

  const shells = readShells(edit.output, modelToken(previous), [...names]);
  if (shells === null) return null;
  const pages = records.map((record) => pageOf(shells.get(record.source)!, record));
  if (pages.some((page) => !before.files.has(page.path))) return null;

  const diagnostics = report.diagnostics.filter((d) => !names.has(d.file));
  for (const outcome of outcomes) diagnostics.push(...(outcome.result?.diagnostics ?? outcome.problems ?? []));
  // The same model: the token stands.
  const state: ModelState = { settings: previous.settings, articles: model, token: modelToken(previous) };
  return { pages, digests: input.digests, model: state, diagnostics: diagnostics.sort(compareDiagnostics) };
}
