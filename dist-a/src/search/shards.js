function groupBy(articles, length) {
    const units = [];
    for (const article of articles) {
        const key = article.date.slice(0, length);
        const last = units[units.length - 1];
        if (last && last.fromKey === key)
            last.articles.push(article);
        else
            units.push({ fromKey: key, toKey: key, articles: [article] });
    }
    return units;
}
/** Years that fit whole; bigger years as months that fit; bigger months in runs of days. */
function units(articles, max) {
    const out = [];
    for (const year of groupBy(articles, 4)) {
        if (year.articles.length <= max) {
            out.push(year);
            continue;
        }
        for (const month of groupBy(year.articles, 7)) {
            if (month.articles.length <= max) {
                out.push(month);
                continue;
            }
            for (let i = 0; i < month.articles.length; i += max) {
                const run = month.articles.slice(i, i + max);
                out.push({ fromKey: run[0].date, toKey: run[run.length - 1].date, articles: run });
            }
        }
    }
    return out;
}
/**
 * Splits date-sorted articles into shards of at most `maxArticles`, oldest
 * first. Names are unique: a day too big for one shard gets `-2`, `-3`….
 */
export function planShards(articles, maxArticles) {
    if (!Number.isInteger(maxArticles) || maxArticles < 1) {
        throw new RangeError(`planShards: maxArticles must be a positive integer, got ${maxArticles}`);
    }
    // Consecutive units are packed together while they fit.
    const groups = [];
    for (const unit of units(articles, maxArticles)) {
        const current = groups[groups.length - 1];
        if (current && current.articles.length + unit.articles.length <= maxArticles) {
            current.articles = current.articles.concat(unit.articles);
            current.toKey = unit.toKey;
        }
        else {
            groups.push({ ...unit, articles: [...unit.articles] });
        }
    }
    const seen = new Map();
    return groups.map((group) => {
        const key = group.fromKey === group.toKey ? group.fromKey : `${group.fromKey}_${group.toKey}`;
        const count = (seen.get(key) ?? 0) + 1;
        seen.set(key, count);
        return {
            name: count === 1 ? key : `${key}-${count}`,
            from: group.articles[0].date,
            to: group.articles[group.articles.length - 1].date,
            articles: group.articles,
        };
    });
}
