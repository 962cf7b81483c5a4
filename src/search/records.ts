/**
 * What the search index holds for one article: its text (headline, dateline,
 * body, captions and nothing else), the metadata a result prints, the filters
 * a reader narrows by and the key results are sorted by. A pure function of
 * the record, so what is searchable is decided in one place.
 */
import type { ArticleRecord } from '../types.js';

/** One article as Pagefind's `addCustomRecord` takes it. */
export interface SearchRecord {
  /**
   * The article's root-relative URL (`/2024/08/22/slug/`). The base path is
   * not stored: the browser passes it as Pagefind's `baseUrl`, so the same
   * index serves a site at `/` or under `/archive/`.
   */
  url: string;
  /** Headline, dateline, body paragraphs and photo captions, as plain text. */
  content: string;
  language: 'en';
  meta: SearchMeta;
  filters: SearchFilters;
  /** `YYYY-MM-DD /url/`: the date, with the URL breaking ties so equal dates keep one order. */
  sort: { date: string };
}

/** What a result shows. Pagefind stores meta as strings; absent values are left out. */
export interface SearchMeta {
  title: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The place's name (`MOSCOW`), when the article has a dateline. */
  place?: string;
  /** The place page's root-relative URL, when the site has one. */
  placeUrl?: string;
  agency?: string;
  [key: string]: string;
}

/** The facets a reader narrows results by. */
export interface SearchFilters {
  /** `["2024"]`. */
  year: string[];
  /** `["2024-08"]`: a month of a year, so picking a month never mixes years. */
  month: string[];
  /** The dateline's place, or no value when the article has no dateline. */
  place: string[];
  /** The dateline's agency, or no value. */
  agency: string[];
  [key: string]: string[];
}

/**
 * The searchable text of an article. Captions are placed where they stood in
 * the body so an excerpt around a caption's words reads in order. Trailers
 * (`Enditem`, `Editor: …`) are not article text and are left out.
 */
export function searchContent(article: ArticleRecord): string {
  const parts: string[] = [article.headline];
  const captionsAt = new Map<number, string[]>();
  for (const photo of article.photos) {
    const list = captionsAt.get(photo.position) ?? [];
    list.push(photo.caption);
    captionsAt.set(photo.position, list);
  }
  article.paragraphs.forEach((paragraph, index) => {
    parts.push(...(captionsAt.get(index) ?? []));
    parts.push(index === 0 && article.dateline ? `${article.dateline.text} ${paragraph}` : paragraph);
  });
  parts.push(...(captionsAt.get(article.paragraphs.length) ?? []));
  // Captions whose position lies outside the body still belong to the article.
  for (const [position, captions] of captionsAt) {
    if (position < 0 || position > article.paragraphs.length) parts.push(...captions);
  }
  if (article.paragraphs.length === 0 && article.dateline) parts.splice(1, 0, article.dateline.text);
  return parts.join('\n\n');
}

/** The place an article is filed under, as the site names and links it. */
export interface SearchPlace {
  name: string;
  /** Root-relative URL of the place's page. */
  url: string | null;
}

/** The dateline's place as written, with no page: for indexing without the site's place list. */
export function datelinePlace(article: ArticleRecord): SearchPlace | null {
  return article.dateline && article.dateline.place !== '' ? { name: article.dateline.place, url: null } : null;
}

/**
 * The search record of one article. `place` is the site's place for it (the
 * site files spellings that slug alike under one name), so the place filter
 * matches the site's place pages.
 */
export function searchRecord(article: ArticleRecord, place: SearchPlace | null = datelinePlace(article)): SearchRecord {
  const [year = '', month = ''] = article.date.split('-');
  const agency = article.dateline?.agency ?? undefined;
  const meta: SearchMeta = { title: article.headline, date: article.date };
  if (place) meta.place = place.name;
  if (place?.url) meta.placeUrl = place.url;
  if (agency) meta.agency = agency;
  return {
    url: article.url,
    content: searchContent(article),
    language: 'en',
    meta,
    filters: {
      year: [year],
      month: [`${year}-${month}`],
      place: place ? [place.name] : [],
      agency: agency ? [agency] : [],
    },
    sort: { date: `${article.date} ${article.url}` },
  };
}
