/**
 * Runs in every test file: the temporary sites a file built are removed when
 * it ends, and the Markdown reader is loaded, since tests call parseText and
 * parseBytes on `.md` paths directly (the loader loads it when it meets one).
 */
import { afterAll } from 'vitest';
import { loadMarkdownReader } from '../src/parse/index.js';
import { removeTempDirs } from './site/helpers.js';

await loadMarkdownReader();

afterAll(removeTempDirs);
