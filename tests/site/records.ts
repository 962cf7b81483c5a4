/** Hand-built ArticleRecords for unit tests of the model and templates. */
import type { ArticleRecord, Photo } from '../../src/types.js';

export interface RecordSpec {
  date: string;
  slug: string;
  headline?: string;
  place?: string | null;
  paragraphs?: string[];
  photos?: Photo[];
  byline?: string | null;
  trailers?: string[];
}

export function record(spec: RecordSpec): ArticleRecord {
  const paragraphs = spec.paragraphs ?? [`First paragraph of ${spec.slug}.`, 'Second paragraph.'];
  const place = spec.place === undefined ? 'MOSCOW' : spec.place;
  const [y, m, d] = spec.date.split('-');
  return {
    source: `${spec.slug}.txt`,
    format: 'wire',
    date: spec.date,
    headline: spec.headline ?? `Headline ${spec.slug}`,
    dateline:
      place === null
        ? null
        : { place, date: 'Aug. 21', isoDate: spec.date, agency: 'Xinhua', text: `${place}, Aug. 21 (Xinhua) --`, paragraph: 0 },
    byline: spec.byline ?? null,
    photos: spec.photos ?? [],
    paragraphs,
    trailers: spec.trailers ?? [],
    body: {
      type: 'root',
      children: paragraphs.map((p) => ({ type: 'paragraph' as const, children: [{ type: 'text' as const, value: p }] })),
    },
    slug: spec.slug,
    url: `/${y}/${m}/${d}/${spec.slug}/`,
  };
}
