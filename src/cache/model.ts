/**
 * What the archive model was built from, recorded in the manifest so the
 * next build can tell, before it builds its own, whether its model will be
 * the same. The model is a function of its settings and of every article's
 * listing (ArticleListing: what it reads of an article); a listing is a
 * function of the article's record and URL, and a record of its source's
 * bytes and path. So a build has the previous model when the settings are
 * the same, the same articles stand under the same URLs, and each article
 * whose source changed has the same listing as before. Then every page keeps
 * its key but the pages of those articles (see planSite's `sameModel`).
 *
 * Telling so costs a lookup per article and a listing hash per changed
 * article, not a hash of every listing.
 */
import { listingOf } from '../model/archive.js';
import type { ArchiveOptions, ArticleListing } from '../model/types.js';
import type { ArticleRecord } from '../types.js';
import { sha1, type ListingDigests } from './keys.js';

/** What the manifest records of one article. */
export interface ArticleState {
  /** The digest of its source's bytes, or '' when it has none. */
  digest: string;
  url: string;
  /** listingDigest of its listing. */
  listing: string;
}

/** What the manifest records of the model its keys were computed from. */
export interface ModelState {
  /** modelSettingsDigest: the version, the model's options and the partition. */
  settings: string;
  /** Every article of the model, by source. */
  articles: ReadonlyMap<string, ArticleState>;
  /** modelToken of this state, once worked out (kept in the manifest). */
  token?: string;
}

/** A hash of the model's settings: the code and site version, the model's options and the partition. */
export function modelSettingsDigest(version: string, options: ArchiveOptions, partition: unknown): string {
  return sha1(JSON.stringify([version, options, partition ?? null]));
}

/**
 * A hash of the model a state describes: its settings and every article's
 * source, URL and listing digest, not the digests of the sources, which an
 * edit that leaves every listing alone changes without changing the model.
 * Worked out once per state (`token`).
 */
export function modelToken(state: ModelState): string {
  if (state.token !== undefined) return state.token;
  let text = `${state.settings}\n`;
  for (const [source, { url, listing }] of state.articles) text += `${source}\0${url}\0${listing}\n`;
  return (state.token = sha1(text));
}

/**
 * Listing digests by article URL (from a state's articles, say): what page
 * keys read of the articles a page lists (pageKeys). The articles are asked
 * for, and indexed, at the first lookup: keys of article pages alone (an
 * edit's) make none.
 */
export function listingsByUrl(articles: () => Iterable<{ url: string; listing: string }>): ListingDigests {
  let byUrl: Map<string, string> | undefined;
  return (url) => {
    if (byUrl === undefined) {
      byUrl = new Map();
      for (const { url: at, listing } of articles()) byUrl.set(at, listing);
    }
    return byUrl.get(url);
  };
}

/** A hash of an article's listing. */
export function listingDigest(listing: ArticleListing): string {
  return sha1(JSON.stringify(listing));
}

/**
 * Whether the model of `articles` under `settings` is the one `previous`
 * describes: the same settings, the same articles under the same URLs, and
 * the same listing for every article whose source digest differs.
 */
export function sameModel(
  previous: ModelState,
  settings: string,
  articles: readonly ArticleRecord[],
  digestOf: (source: string) => string | undefined,
): boolean {
  if (previous.settings !== settings || previous.articles.size !== articles.length) return false;
  for (const article of articles) {
    const before = previous.articles.get(article.source);
    if (before === undefined || before.url !== article.url) return false;
    const digest = digestOf(article.source);
    if ((digest === undefined || digest !== before.digest) && listingDigest(listingOf(article)) !== before.listing) return false;
  }
  return true;
}

/**
 * The model state of `articles` for the manifest. An article whose source
 * digest and URL are those `previous` records has the listing it records,
 * so only the others are hashed.
 */
export function modelState(
  settings: string,
  articles: readonly ArticleRecord[],
  digestOf: (source: string) => string | undefined,
  previous: ModelState | null,
): ModelState {
  const states = new Map<string, ArticleState>();
  for (const article of articles) {
    const digest = digestOf(article.source) ?? '';
    const before = previous?.articles.get(article.source);
    const unchanged = before !== undefined && digest !== '' && before.digest === digest && before.url === article.url;
    states.set(article.source, unchanged ? before : { digest, url: article.url, listing: listingDigest(listingOf(article)) });
  }
  return { settings, articles: states };
}
