function absolute(site, url) {
    return site.siteUrl === null ? null : site.siteUrl + site.basePath + url.replace(/^\//, '');
}
/** A NewsArticle object: headline, dates, dateline, place, photo captions, publisher. */
export function newsArticleJsonLd(page, site) {
    const a = page.article;
    const data = {
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
    if (a.byline !== null)
        data.author = { '@type': 'Person', name: a.byline.replace(/^by\s+/i, '') };
    if (a.photos.length > 0) {
        data.image = a.photos.map((p) => {
            const image = { '@type': 'ImageObject', caption: p.caption };
            if (p.credit !== null)
                image.creditText = p.credit;
            return image;
        });
    }
    const publisher = { '@type': 'Organization', name: site.title };
    const home = absolute(site, '/');
    if (home !== null)
        publisher.url = home;
    data.publisher = publisher;
    data.isAccessibleForFree = true;
    return data;
}
