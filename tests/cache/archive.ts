/** A small archive for the tests of page keys and the model state: five articles over two years and three places. */
import { pageKeys, type ListingDigests } from '../../src/cache/keys.js';
import { listingDigest, listingsByUrl } from '../../src/cache/model.js';
import { buildArchive, listingOf } from '../../src/model/archive.js';
import type { ArchiveOptions, OutputPage } from '../../src/model/types.js';
import type { ArticleRecord } from '../../src/types.js';
import type { RecordSpec } from '../site/records.js';

const site = { title: 'T', basePath: '/', siteUrl: null, language: 'en', search: false };
export const options: ArchiveOptions = { site, homeLatest: 20, feedSize: 50, placePageSize: 2, sitemapLimit: 50_000 };

export const specs: RecordSpec[] = [
  { date: '2024-08-20', slug: 'a', place: 'MOSCOW' },
  { date: '2024-08-21', slug: 'b', place: 'MOSCOW' },
  { date: '2024-08-21', slug: 'c', place: 'CAIRO' },
  { date: '2024-09-02', slug: 'd', place: 'MOSCOW' },
  { date: '2025-01-05', slug: 'e', place: null },
];

/** The listing digest of each of `articles`, by URL, hashed afresh. */
export function listingsOf(articles: readonly ArticleRecord[]): ListingDigests {
  return listingsByUrl(() => articles.map((article) => ({ url: article.url, listing: listingDigest(listingOf(article)) })));
}

/** Every output file of the archive of `articles`, with its key under version v1, by path. */
export function keysOf(articles: ArticleRecord[], digestOf: (source: string) => string): Map<string, string | null> {
  const archive = buildArchive(articles, options);
  const keyOf = pageKeys('v1', digestOf, listingsOf(articles));
  const pages: OutputPage[] = [...archive.pages, ...archive.machineFiles];
  return new Map(pages.map((page) => [page.path, keyOf(page)]));
}
