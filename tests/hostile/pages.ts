/**
 * Reading built pages as a browser would (parse5) and accounting for input
 * lines: what the "nothing injected" and "nothing lost" tests share.
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { parseText } from '../../src/parse/index.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface PageElement {
  tag: string;
  attrs: Record<string, string>;
}

export interface ParsedPage {
  elements: PageElement[];
  /** The text a reader sees in <body> (and image alt text), white space collapsed. */
  text: string;
  /** The document title. */
  title: string;
  /** The raw text of each <script> element, with its attributes. */
  scripts: { attrs: Record<string, string>; text: string }[];
  comments: string[];
  /** Text of each element with the given tag, white space collapsed. */
  textOf(tag: string): string[];
}

/** Elements after which a reader sees a break between words. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'legend', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'table', 'td', 'th', 'tr', 'ul', 'title', 'noscript', 'label', 'option', 'select', 'button',
]);

export function collapse(text: string): string {
  return text.replace(/[\s\u200b]+/g, ' ').trim();
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function attrsOf(el: Element): Record<string, string> {
  return Object.fromEntries(el.attrs.map((a) => [a.prefix ? `${a.prefix}:${a.name}` : a.name, a.value]));
}

function textContent(node: Node): string {
  let out = '';
  const visit = (n: Node): void => {
    if (n.nodeName === '#text') out += (n as DefaultTreeAdapterMap['textNode']).value;
    else if (isElement(n)) {
      if (BLOCK.has(n.tagName)) out += ' ';
      const alt = n.tagName === 'img' ? n.attrs.find((a) => a.name === 'alt')?.value : undefined;
      if (alt !== undefined) out += alt;
      const kids = n.tagName === 'template' ? (n as DefaultTreeAdapterMap['template']).content.childNodes : n.childNodes;
      if (n.tagName !== 'script' && n.tagName !== 'style') for (const c of kids) visit(c);
      if (BLOCK.has(n.tagName)) out += ' ';
    }
  };
  visit(node);
  return collapse(out);
}

export function parsePage(html: string): ParsedPage {
  const doc = parse(html);
  const elements: PageElement[] = [];
  const scripts: ParsedPage['scripts'] = [];
  const comments: string[] = [];
  const byTag = new Map<string, Element[]>();
  let body: Element | null = null;
  let title = '';
  const visit = (node: Node): void => {
    if (node.nodeName === '#comment') comments.push((node as DefaultTreeAdapterMap['commentNode']).data);
    if (!isElement(node)) {
      for (const c of (node as { childNodes?: Node[] }).childNodes ?? []) visit(c);
      return;
    }
    const attrs = attrsOf(node);
    elements.push({ tag: node.tagName, attrs });
    const list = byTag.get(node.tagName) ?? [];
    list.push(node);
    byTag.set(node.tagName, list);
    if (node.tagName === 'body') body = node;
    if (node.tagName === 'title') title = textContent(node);
    if (node.tagName === 'script') {
      scripts.push({ attrs, text: node.childNodes.map((c) => (c.nodeName === '#text' ? (c as DefaultTreeAdapterMap['textNode']).value : '')).join('') });
    }
    const kids = node.tagName === 'template' ? (node as DefaultTreeAdapterMap['template']).content.childNodes : node.childNodes;
    for (const c of kids) visit(c);
  };
  visit(doc);
  return {
    elements,
    text: body === null ? '' : textContent(body),
    title,
    scripts,
    comments,
    textOf: (tag) => (byTag.get(tag) ?? []).map(textContent),
  };
}

/** `tag[attr,attr]`: what one element looks like, values aside. */
export function signature(el: PageElement): string {
  return `${el.tag}[${Object.keys(el.attrs).sort().join(',')}]`;
}

/** Strings quoted in diagnostic messages (JSON-style), read back as written. */
export function quotedIn(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    try {
      out.push(JSON.parse(m[0]) as string);
    } catch {
      // not a JSON string
    }
  }
  return out;
}

const BRACKETS = /[\s\u200b()[\]|]+/g;

/**
 * The non-blank lines of a wire dispatch that a reader of its page cannot
 * find. A line is found when its text (white space collapsed) stands in the
 * page text, or when every word of it does (captions lose their brackets, a
 * glued `Enditem` moves to the trailers), or in a string a diagnostic quotes
 * (junk lines, a removed site suffix). The date line counts without its
 * `date YYYY-MM-DD`, which the page shows as a date.
 */
export function lostLines(input: string, pageText: string, quoted: readonly string[]): string[] {
  const page = collapse(pageText);
  const haystack = [page, ...quoted.map(collapse)].join('\n');
  const bare = haystack.replace(BRACKETS, '');
  const lost: string[] = [];
  // Lines mostly appear in order: look ahead of the last find first, so a 5 MB dispatch is not quadratic.
  let cursor = 0;
  let header = true;
  for (const raw of input.split(/\r\n|\r|\n/)) {
    let line = collapse(raw);
    if (line === '') continue;
    if (header) {
      header = false;
      line = line.replace(/^date:?\s*\S+\s*/i, '');
      if (line === '') continue;
    }
    const ahead = page.indexOf(line, cursor);
    if (ahead !== -1) {
      cursor = ahead + line.length;
      continue;
    }
    if (haystack.includes(line)) continue;
    const words = line.split(' ').map((w) => w.replace(BRACKETS, '')).filter((w) => w !== '');
    if (words.every((w) => bare.includes(w))) continue;
    lost.push(line);
  }
  return lost;
}

/**
 * The fields of a Markdown article's record that its page does not show.
 * Markdown lines are markup, so the parser's own tests account for them in
 * the record; this checks record → page.
 */
export function lostRecordFields(text: string, file: string, pageText: string): string[] {
  const a = parseText(text, file).article;
  if (!a) return ['<no article>'];
  const page = collapse(pageText);
  const fields = [a.headline, a.byline ?? '', a.dateline?.text ?? '', ...a.paragraphs, ...a.photos.flatMap((p) => [p.caption, p.credit ?? ''])];
  return fields.map(collapse).filter((f) => f !== '' && !page.includes(f));
}

/** A benign Markdown article using every construct remark-html keeps: its elements are allowed on any page. */
export const BENIGN_MARKDOWN = `---
date: 2020-06-01
title: A benign Markdown article
dateline: "LONDON, June 1 (Xinhua)"
byline: by Xinhua writer Zhang San
photos:
  - caption: A photo caption.
    credit: Xinhua/Li Ming
    position: 1
---

A paragraph with *emphasis*, **strong**, \`code\`, ~~struck~~ and a [link](https://example.org/page "Title"), [mail](mailto:a@example.org) and [a fragment](#top).

## A heading

### A heading

#### A heading

##### A heading

###### A heading

![An image](https://example.org/a.png "An image title") and ![another](https://example.org/b.png), [a titled link](https://example.org/ "Title")

> A quotation.

- one
- two

1. first
2. second

3. loose
4. list

\`\`\`
code block
\`\`\`

\`\`\`js
const x = 1;
\`\`\`

    indented code

---

Line one\\
line two.

Setext heading
--------------
`;
