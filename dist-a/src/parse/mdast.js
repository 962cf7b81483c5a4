export function paragraphsToMdast(paragraphs) {
    return {
        type: 'root',
        children: paragraphs.map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
    };
}
