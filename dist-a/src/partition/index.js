/** The year a page belongs to, or null for pages of the global part. */
export function pageYear(page) {
    switch (page.kind) {
        case 'article':
            return page.article.date.slice(0, 4);
        case 'day':
        case 'month':
        case 'year':
            return page.url.slice(1, 5);
        default:
            return null;
    }
}
/** Whether `page` is built by the build of `partition`. */
export function inPartition(page, partition) {
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
export function buildsGlobalFiles(partition) {
    return partition.kind !== 'years';
}
