/**
 * A deterministic synthetic corpus of article records for the search tests
 * and the index measurements: dates over many years, a few dozen places,
 * several agencies, captions on some articles, 4 to 14 paragraphs drawn from
 * a Zipf-like vocabulary so the index has the long tail real news has.
 */
import type { ArticleRecord } from '../../src/types.js';

const PLACES = [
  'MOSCOW', 'BEIJING', 'WASHINGTON', 'LONDON', 'PARIS', 'BERLIN', 'TOKYO', 'NEW DELHI', 'CAIRO', 'NAIROBI',
  'RIO DE JANEIRO', 'SÃO PAULO', 'BUENOS AIRES', 'MEXICO CITY', 'OTTAWA', 'CANBERRA', 'JAKARTA', 'MANILA',
  'HANOI', 'BANGKOK', 'SEOUL', 'ISLAMABAD', 'TEHRAN', 'ANKARA', 'ATHENS', 'ROME', 'MADRID', 'LISBON',
  'WARSAW', 'KYIV', 'MINSK', 'HELSINKI', 'OSLO', 'STOCKHOLM', 'JOHANNESBURG', 'LAGOS', 'ADDIS ABABA',
  'WASHINGTON, D.C.', 'SYDNEY', 'GENEVA',
];
const AGENCIES = ['Xinhua', 'Reuters', 'AP', 'AFP', 'TASS'];
const MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const COMMON = (
  'the of and to in a is that for on said with as by at from was were be has have it its this an are ' +
  'will not but which their they government minister president said talks meeting cooperation trade ' +
  'economy officials country countries people new year last week two first after more than also over'
).split(' ');
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vor', 'del', 'an', 'shi', 'po', 'gur', 'ne', 'bra', 'ti', 'sol', 'um', 'zek', 'ha', 'ri', 'mon'];

/** mulberry32: a small seeded PRNG, so the same seed gives the same corpus. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

export interface SyntheticOptions {
  articles: number;
  /** @default 2000 */
  firstYear?: number;
  /** @default 2025 */
  lastYear?: number;
  /** @default 1 */
  seed?: number;
}

/** `articles` records sorted by date then URL, as the corpus loader returns them. */
export function syntheticArticles(options: SyntheticOptions): ArticleRecord[] {
  const random = prng(options.seed ?? 1);
  const firstYear = options.firstYear ?? 2000;
  const lastYear = options.lastYear ?? 2025;
  const words = vocabulary(30_000, random);
  // Zipf-like: squaring a uniform draw favours the low ranks.
  const word = () => (random() < 0.45 ? COMMON[Math.floor(random() * COMMON.length)]! : words[Math.floor(random() ** 2.2 * words.length)]!);
  const sentence = (length: number) => {
    const out: string[] = [];
    for (let i = 0; i < length; i++) out.push(word());
    const text = out.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  };
  const days = (lastYear - firstYear + 1) * 365;
  const start = Date.UTC(firstYear, 0, 1);
  const records: ArticleRecord[] = [];
  for (let i = 0; i < options.articles; i++) {
    const date = new Date(start + Math.floor(random() * days) * 86_400_000).toISOString().slice(0, 10);
    const place = PLACES[Math.floor(random() * PLACES.length)]!;
    const agency = AGENCIES[Math.floor(random() * AGENCIES.length)]!;
    const [, m, d] = date.split('-');
    const datelineDate = `${MONTHS[Number(m) - 1]} ${Number(d)}`;
    const paragraphs: string[] = [];
    const count = 4 + Math.floor(random() * 11);
    for (let p = 0; p < count; p++) paragraphs.push(`${sentence(12 + Math.floor(random() * 14))} ${sentence(10 + Math.floor(random() * 12))}`);
    const photos = random() < 0.3 ? [{ caption: `${sentence(14)} (${agency}/Staff)`.replace(/ \(.*\)$/, ''), credit: `${agency}/Staff`, position: 0 }] : [];
    const headline = sentence(6 + Math.floor(random() * 6)).slice(0, -1);
    const slug = `${headline.toLowerCase().split(' ').slice(0, 5).join('-')}-${i}`;
    records.push({
      source: `gen/${String(i).padStart(6, '0')}.txt`,
      format: 'wire',
      date,
      headline,
      dateline: { place, date: datelineDate, isoDate: date, agency, text: `${place}, ${datelineDate} (${agency}) --`, paragraph: 0 },
      byline: null,
      photos,
      paragraphs,
      trailers: ['Enditem'],
      body: { type: 'root', children: [] },
      slug,
      url: `/${date.replaceAll('-', '/')}/${slug}/`,
    });
  }
  return records.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
