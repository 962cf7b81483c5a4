/**
 * The searchable text of an article. Captions are placed where they stood in
 * the body so an excerpt around a caption's words reads in order. Trailers
 * (`Enditem`, `Editor: …`) are not article text and are left out.
 */
export function searchContent(article) {
    const parts = [article.headline];
    const captionsAt = new Map();
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
        if (position < 0 || position > article.paragraphs.length)
            parts.push(...captions);
    }
    if (article.paragraphs.length === 0 && article.dateline)
        parts.splice(1, 0, article.dateline.text);
    return parts.join('\n\n');
}
/** The dateline's place as written, with no page: for indexing without the site's place list. */
export function datelinePlace(article) {
    return article.dateline && article.dateline.place !== '' ? { name: article.dateline.place, url: null } : null;
}
/**
 * The search record of one article. `place` is the site's place for it (the
 * site files spellings that slug alike under one name), so the place filter
 * matches the site's place pages.
 */
export function searchRecord(article, place = datelinePlace(article)) {
    const [year = '', month = ''] = article.date.split('-');
    const agency = article.dateline?.agency ?? undefined;
    const meta = { title: article.headline, date: article.date };
    if (place)
        meta.place = place.name;
    if (place?.url)
        meta.placeUrl = place.url;
    if (agency)
        meta.agency = agency;
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
