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
import { fingerprintWith, readFiles } from '../corpus.js';
import { compareDiagnostics } from '../diagnostics.js';
import { listingOf } from '../model/archive.js';
import { withUrl } from '../parse/lean.js';
import { slugOfArticleUrl } from '../slug.js';
import { listingDigest } from './model.js';
import { pageOf, readShells } from './shells.js';
/** Most edited files a rebuild takes this way: each is read and parsed on the build's own thread. */
export const EDIT_LIMIT = 16;
/**
 * Whether the input lists the files the previous build reported, none
 * unreadable and nothing new to say about its folders: the first thing an
 * edit needs, told from the listing alone.
 */
export function sameFiles(listing, report) {
    const { found } = listing;
    if (found.unreadable.length > 0 || found.diagnostics.length > 0 || found.candidates.length !== report.files)
        return false;
    return found.ignored.length === report.ignored.length && found.ignored.every((entry, i) => entry === report.ignored[i]);
}
/** The edit this rebuild is, or null when it must build the whole way. */
export async function planEdit(edit) {
    const { input, model, report } = edit;
    if (!sameFiles(input.listing, report) || model.settings !== edit.settings)
        return null;
    // Articles whose bytes changed; every other file must be as it was (the fingerprint check below).
    const edited = [];
    const earlier = new Map();
    const absolute = new Map(input.listing.found.candidates.map((c) => [c.display, c.absolute]));
    for (let i = 0; i < model.sources.length; i++) {
        const display = model.sources[i];
        const digest = input.digests.get(display);
        if (digest === model.digests[i])
            continue;
        if (digest === undefined || edited.length === EDIT_LIMIT)
            return null;
        edited.push({ display, absolute: absolute.get(display), digest, at: i });
        earlier.set(display, model.digests[i]);
    }
    if (edited.length === 0)
        return null;
    if (edit.inputKey(fingerprintWith(input, earlier)) !== edit.previousInput)
        return null;
    // An article that shares its date and headline with another: which one keeps the URL, or whether
    // one is dropped as a copy, depends on both texts.
    const names = new Set(edited.map((file) => file.display));
    for (const d of report.diagnostics) {
        if (d.rule === 'duplicate-article' && (names.has(d.file) || edited.some((file) => d.message.includes(file.display))))
            return null;
    }
    const outcomes = await readFiles(edited.map(({ display, absolute }) => ({ display, absolute })));
    const records = [];
    for (const [k, outcome] of outcomes.entries()) {
        const file = edited[k];
        const article = outcome.result?.article;
        // Changed again since the fingerprint was taken, or no longer an article.
        if (outcome.digest !== file.digest || article === undefined)
            return null;
        const url = model.urls[file.at];
        const record = withUrl(article, slugOfArticleUrl(url), url);
        if (listingDigest(listingOf(record)) !== model.listings[file.at])
            return null;
        records.push(record);
    }
    const shells = readShells(edit.output, model.token, [...names]);
    if (shells === null)
        return null;
    const pages = records.map((record) => pageOf(shells.get(record.source), record));
    const diagnostics = report.diagnostics.filter((d) => !names.has(d.file));
    for (const outcome of outcomes)
        diagnostics.push(...(outcome.result?.diagnostics ?? outcome.problems ?? []));
    return {
        pages,
        digests: input.digests,
        sources: { sources: edited.map((file) => file.display), digests: edited.map((file) => file.digest) },
        diagnostics: diagnostics.sort(compareDiagnostics),
    };
}
