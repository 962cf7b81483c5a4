/**
 * Partitions of the site. A year's partition holds the pages that belong to
 * that year: its article pages, day pages, month pages, the months'
 * sitemaps and the year page. Everything else (home, places, about, 404,
 * search, feeds, the site's sitemap and the sitemap index, robots.txt, the
 * public/ assets and the search index) is the global part.
 * The parts are disjoint, so builds of every year plus one global build,
 * copied into one folder, give the same site as a single build.
 */
import type { Partition } from '../config.js';
import type { OutputPage } from '../model/types.js';

/** The year a page belongs to, or null for pages of the global part. */
export function pageYear(page: OutputPage): string | null {
  switch (page.kind) {
    case 'article':
      return page.article.date.slice(0, 4);
    case 'day':
    case 'month':
    case 'year':
      return page.url.slice(1, 5);
    case 'sitemap':
      // A month's (YYYY/MM/sitemap.xml), or the site's.
      return /^\/\d{4}\/\d{2}\//.test(page.url) ? page.url.slice(1, 5) : null;
    default:
      return null;
  }
}

/** Whether `page` is built by the build of `partition`. */
export function inPartition(page: OutputPage, partition: Partition): boolean {
  switch (partition.kind) {
    case 'all':
      return true;
    case 'global':
      return pageYear(page) === null;
    case 'years': {
      const year = pageYear(page);
      return year !== null && partition.years.includes(year);
    }
  }
}

/** Whether the build of `partition` writes the global files (public/, the search index). */
export function buildsGlobalFiles(partition: Partition): boolean {
  return partition.kind !== 'years';
}
