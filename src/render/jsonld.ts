/** schema.org structured data for article pages. */
import type { ArticlePage, SiteInfo } from '../model/types.js';

function absolute(site: SiteInfo, url: string): string | null {
  return site.siteUrl === null ? null : site.siteUrl + site.basePath + url.replace(/^\//, '');
}

/** A NewsArticle object: headline, dates, dateline, place, photo captions, publisher. */
export function newsArticleJsonLd(page: ArticlePage, site: SiteInfo): Record<string, unknown> {
  const a = page.article;
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.headline,
    datePublished: a.date,
  };
  const url = absolute(site, a.url);
  if (url !== null) {
    data.url = url;
    data.mainEntityOfPage = url;
  }
  if (a.dateline !== null) {
    data.dateline = a.dateline.text;
    data.locationCreated = { '@type': 'Place', name: page.place?.name ?? a.dateline.place };
  }
  if (a.byline !== null) data.author = { '@type': 'Person', name: a.byline.replace(/^by\s+/i, '') };
  if (a.photos.length > 0) {
    data.image = a.photos.map((p) => {
      const image: Record<string, unknown> = { '@type': 'ImageObject', caption: p.caption };
      if (p.credit !== null) image.creditText = p.credit;
      return image;
    });
  }
  const publisher: Record<string, unknown> = { '@type': 'Organization', name: site.title };
  const home = absolute(site, '/');
  if (home !== null) publisher.url = home;
  data.publisher = publisher;
  data.isAccessibleForFree = true;
  return data;
}
