/** README.md's table "Bad input: what happens to each case" says what fates.ts says, case for case. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../site/helpers.js';
import { ALL_FATES, describeFate } from './fates.js';

describe('README.md', () => {
  it('states the same fate for every case of the hostile corpus', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Bad input: what happens to each case');
    expect(start).toBeGreaterThan(-1);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const rows = new Map<string, string>();
    for (const m of section.matchAll(/^\| `((?:[^`])+)` \| .+ \| (.+) \|$/gm)) {
      rows.set(m[1]!.replace(/\\\|/g, '|').replace(/\\n/g, '\n'), m[2]!);
    }
    expect([...rows.keys()].sort()).toEqual(Object.keys(ALL_FATES).sort());
    for (const [file, fate] of Object.entries(ALL_FATES)) expect(rows.get(file), file).toBe(describeFate(fate));
  });
});
