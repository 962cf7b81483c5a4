/**
 * Regressions found by building hostile input: each test names the case it guards.
 */
import { describe, expect, it } from 'vitest';
import { isCredit, matchCaption } from '../../src/parse/caption.js';
import { parseText } from '../../src/parse/index.js';
import { breadcrumbSegments, isJunk } from '../../src/parse/patterns.js';
import { lostWords } from './accounting.js';

const BODY = 'BEIJING, Aug. 22 (Xinhua) -- The first paragraph of the body.\n\nA second paragraph.\n';

describe('a headline with markup is not a breadcrumb', () => {
  for (const headline of [
    '<script>alert(1)</script>',
    'Officials say <b>growth</b> beat <i>forecasts</i>',
    '<img src=x onerror=alert(1)> > <svg onload=alert(2)>',
    'Inflation > 5% > target, bank says',
  ]) {
    it(headline, () => {
      const text = ` date 2024-08-22 ${headline}\n\n${BODY}`;
      const result = parseText(text, 'a.txt');
      expect(result.article?.headline).toBe(headline);
      expect(result.article?.paragraphs).toEqual(['The first paragraph of the body.', 'A second paragraph.']);
      expect(result.diagnostics).toEqual([]);
      expect(lostWords(text, result)).toEqual([]);
    });
  }
});

describe('breadcrumb shape', () => {
  it('accepts navigation that starts at home or a site, with spaced separators and short crumbs', () => {
    expect(breadcrumbSegments('Home » World')).toEqual(['Home', 'World']);
    expect(breadcrumbSegments('Home > News > China')).toEqual(['Home', 'News', 'China']);
    expect(breadcrumbSegments('Home»World»Asia-Pacific')).toEqual(['Home', 'World', 'Asia-Pacific']);
    expect(breadcrumbSegments('Xinhua › World › Officials meet in Moscow to discuss trade')).toHaveLength(3);
    expect(breadcrumbSegments('English.news.cn > China')).toEqual(['English.news.cn', 'China']);
  });

  it('refuses text that merely contains the marks', () => {
    expect(breadcrumbSegments('Home>News')).toBeNull(); // `>` without spaces is not a separator
    expect(breadcrumbSegments('Officials say A > B > C in polls')).toBeNull(); // no home or site first
    expect(breadcrumbSegments('Home > <script>alert(1)</script>')).toBeNull();
    expect(breadcrumbSegments('Home >  > World')).toBeNull();
    expect(breadcrumbSegments('Home > a label that runs on far too long to be a crumb > End')).toBeNull();
  });
});

describe('a credit with markup in it', () => {
  it('(Xinhua/Bai <b>X</b>) is a credit, kept as written', () => {
    expect(isCredit('Xinhua/Bai <b>X</b>')).toBe(true);
    expect(matchCaption('Smoke rises over the city. (Xinhua/Bai <b>X</b>)')).toEqual({
      caption: 'Smoke rises over the city.',
      credit: 'Xinhua/Bai <b>X</b>',
    });
  });

  it('a sentence in brackets with markup is still not a credit', () => {
    expect(isCredit('see <b>the report</b>. It says/claims more')).toBe(false);
    expect(isCredit('and/or <i>more</i>')).toBe(false);
  });

  it('a caption so credited before the dateline leaves the dateline on the first paragraph', () => {
    const text = ` date 2024-08-22 Smoke over the city\n\nSmoke rises over the city. (Xinhua/Bai <b>X</b>)\n\n${BODY}`;
    const a = parseText(text, 'a.txt').article!;
    expect(a.photos).toEqual([{ caption: 'Smoke rises over the city.', credit: 'Xinhua/Bai <b>X</b>', position: 0 }]);
    expect(a.dateline?.paragraph).toBe(0);
    expect(a.paragraphs[0]).toBe('The first paragraph of the body.');
  });
});

describe('the paragraph a dateline led', () => {
  it('is 0 in the usual case', () => {
    expect(parseText(` date 2024-08-22 Headline of the day\n\n${BODY}`, 'a.txt').article?.dateline?.paragraph).toBe(0);
  });

  it('counts the unrecognised paragraphs that stood before it', () => {
    const text =
      ` date 2024-08-22 Smoke over the city\n\nSmoke rises over the city. (witnesses/local <b>radio</b>)\n\n` +
      `Residents were told to stay indoors, local radio said.\n\n${BODY}`;
    const result = parseText(text, 'a.txt');
    const a = result.article!;
    expect(a.paragraphs).toEqual([
      'Smoke rises over the city. (witnesses/local <b>radio</b>)',
      'Residents were told to stay indoors, local radio said.',
      'The first paragraph of the body.',
      'A second paragraph.',
    ]);
    expect(a.dateline).toMatchObject({ text: 'BEIJING, Aug. 22 (Xinhua) --', paragraph: 2 });
    expect(lostWords(text, result)).toEqual([]);
  });

  it('equals the paragraph count when nothing followed the dateline', () => {
    const text = ` date 2024-08-22 A dateline alone\n\nNot a caption, just words.\n\nBEIJING, Aug. 22 (Xinhua) --\n`;
    const a = parseText(text, 'a.txt').article!;
    expect(a.paragraphs).toEqual(['Not a caption, just words.']);
    expect(a.dateline?.paragraph).toBe(1);
  });

  it('a caption after the dateline paragraph never swallows it', () => {
    const text = ` date 2024-08-22 Panda cub\n\nBEIJING, Aug. 22 (Xinhua) -- Photo shows a panda cub at play.\n\nThe cub was born in June. (Xinhua/Li Ming)\n\nMore text.\n`;
    const a = parseText(text, 'a.txt').article!;
    expect(a.paragraphs[0]).toBe('Photo shows a panda cub at play.');
    expect(a.dateline?.paragraph).toBe(0);
  });
});

describe('Markdown front matter that would run code', () => {
  for (const opener of ['---js', '---javascript', '--- JS', '---coffee']) {
    it(`${opener} is refused, never evaluated`, () => {
      const g = globalThis as { newsArchiveRan?: boolean };
      delete g.newsArchiveRan;
      const text = `${opener}\n{ date: (globalThis.newsArchiveRan = true, "2024-01-02"), title: "Injected" }\n---\nBody text.\n`;
      const result = parseText(text, 'a.md');
      expect(g.newsArchiveRan).toBeUndefined();
      expect(result.article).toBeUndefined();
      expect(result.diagnostics.map((d) => `${d.severity} ${d.rule}`)).toEqual(['error invalid-front-matter']);
    });
  }
});

describe('raw HTML in a Markdown article', () => {
  it('is kept as text, inline and as a block, so nothing of it is lost or becomes markup', () => {
    const text = '---\ndate: 2024-01-02\ntitle: Raw HTML\n---\n\nSee <b>this</b> and <img src=x onerror=alert(1)>.\n\n<script>alert(1)</script>\n\n> <iframe src="javascript:alert(2)"></iframe>\n';
    const a = parseText(text, 'a.md').article!;
    expect(a.paragraphs).toEqual(['See <b>this</b> and <img src=x onerror=alert(1)>.', '<script>alert(1)</script>', '<iframe src="javascript:alert(2)"></iframe>']);
    const html = JSON.stringify(a.body);
    expect(html).not.toContain('"html"');
  });
});

describe('Markdown text as a reader sees it', () => {
  it('a hard line break is a space between words, not nothing', () => {
    const a = parseText('---\ndate: 2024-01-02\ntitle: Breaks\n---\n\nLine one\\\nline two.\n', 'a.md').article!;
    expect(a.paragraphs).toEqual(['Line one line two.']);
  });

  it('an image with a javascript: or data: source is its alt text', () => {
    const a = parseText('---\ndate: 2024-01-02\ntitle: Images\n---\n\n![first](javascript:alert(1)) ![second](data:image/png;base64,AAAA) ![third](https://example.org/a.png)\n', 'a.md').article!;
    expect(a.paragraphs).toEqual(['first second third']);
    const kinds = (a.body.children[0] as { children: { type: string }[] }).children.map((c) => c.type);
    expect(kinds).toEqual(['text', 'text', 'text', 'text', 'image']);
  });
});

describe('a Markdown link that is not http(s) or mailto', () => {
  it('is its text, with no link left for the sanitiser to empty', () => {
    const a = parseText('---\ndate: 2024-01-02\ntitle: Links\n---\n\n[run *this*](javascript:alert(1)) [mail](mailto:a@b.org) [web](https://example.org/) [here](#top)\n', 'a.md').article!;
    expect(a.paragraphs).toEqual(['run this mail web here']);
    const kinds = (a.body.children[0] as { children: { type: string }[] }).children.map((c) => c.type);
    expect(kinds).toEqual(['text', 'emphasis', 'text', 'link', 'text', 'link', 'text', 'link']);
  });
});

describe('a # Heading in a Markdown body below the headline', () => {
  it('becomes a level-2 heading, so the page keeps one h1', () => {
    const a = parseText('---\ndate: 2024-01-02\ntitle: The headline\n---\n\nText.\n\n# A section\n\nMore.\n', 'a.md').article!;
    expect(a.body.children.map((c) => (c.type === 'heading' ? `h${c.depth}` : c.type))).toEqual(['paragraph', 'h2', 'paragraph']);
    expect(a.paragraphs).toEqual(['Text.', 'A section', 'More.']);
  });
});

describe('Markdown nested thousands of levels deep', () => {
  for (const [name, body] of [
    ['quotes', `${'>'.repeat(5000)} x`],
    ['lists', `${'- '.repeat(3000)}y`],
  ] as const) {
    it(`${name}: an error, never a stack overflow`, () => {
      const result = parseText(`---\ndate: 2024-01-02\ntitle: Deep\n---\n\n${body}\n`, 'a.md');
      expect(result.article).toBeUndefined();
      expect(result.diagnostics.map((d) => `${d.severity} ${d.rule} ${d.line}`)).toEqual(['error too-deeply-nested 5']);
    });
  }

  it('a hundred levels are read', () => {
    expect(parseText(`---\ndate: 2024-01-02\ntitle: Deep\n---\n\n${'>'.repeat(98)} x\n`, 'a.md').article?.paragraphs).toEqual(['x']);
  });
});

describe('a loosely written date line (found by the property test: " date 2023-05-1")', () => {
  for (const [written, iso] of [['2024-08-2', '2024-08-02'], ['2024/08/22', '2024-08-22'], ['2024.8.22', '2024-08-22']] as const) {
    it(written, () => {
      const text = ` date ${written} Talks held\n\n${BODY.replace('Aug. 22', `Aug. ${Number(iso.slice(8))}`)}`;
      const result = parseText(text, 'a.txt');
      expect(result.article?.date).toBe(iso);
      expect(result.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['invalid-date', 'warning']]);
      expect(lostWords(text, result)).toEqual([]);
    });
  }
});

describe('a comment counter', () => {
  it('is page furniture however its count, words and source are spaced or cased', () => {
    for (const line of ['0 Comment(s) Print E-mail', '12 comments', '3\ncomments', '1 COMMENT print share', '5 Comments Print Xinhua, April 14, 2024', '7 comments Ĉina Daily, Aŭg. 3, 2024']) {
      expect(isJunk(line), line).toBe(true);
    }
  });

  it('is not a line that only starts with a number, or names comments elsewhere', () => {
    for (const line of ['3 people commented on it', 'Comments: 3', '2024 comments were read', '12 comments and more text that goes on', 'No comment']) {
      expect(isJunk(line), line).toBe(false);
    }
  });
});
