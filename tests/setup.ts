/** Runs in every test file: the temporary sites a file built are removed when it ends. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './site/helpers.js';

afterAll(removeTempDirs);
