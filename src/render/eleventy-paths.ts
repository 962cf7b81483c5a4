/**
 * Eleventy's paths compared at a separator. @11ty/eleventy-utils tells
 * whether a path lies under a folder by comparing strings
 * (`TemplatePath.startsWithSubPath`, `stripLeadingSubPath`,
 * 11ty/eleventy-utils#9): a folder beside the working directory whose name
 * starts with the working directory's is taken to be inside it, and its
 * paths are cut short. The build points Eleventy at an empty folder in the
 * staging folder beside the output, so a build run in `/srv/archive` into
 * `/srv/archive-site` found no template there ("entry._pages is not
 * iterable"). Both functions are made to answer for such a sibling as for
 * any folder outside; every other answer is theirs.
 */
import { createRequire } from 'node:module';

interface PathFunctions {
  normalize(path: string): string;
  startsWithSubPath(path: string, subPath: string): boolean;
  stripLeadingSubPath(path: string, subPath: string): string;
}

/** Whether `path` only shares the start of its name with `subPath`, a folder it is not inside (both normalised). */
function siblingOf(path: string, subPath: string): boolean {
  return subPath !== '.' && !subPath.endsWith('/') && path.length > subPath.length && path.startsWith(subPath) && path[subPath.length] !== '/';
}

/** Makes `paths` (Eleventy's TemplatePath) compare paths at a separator. */
function comparePathsAtSeparators(paths: PathFunctions): void {
  const { startsWithSubPath, stripLeadingSubPath } = paths;
  paths.startsWithSubPath = (path, subPath) => !siblingOf(paths.normalize(path), paths.normalize(subPath)) && startsWithSubPath.call(paths, path, subPath);
  paths.stripLeadingSubPath = (path, subPath) =>
    siblingOf(paths.normalize(path), paths.normalize(subPath)) ? paths.normalize(path) : stripLeadingSubPath.call(paths, path, subPath);
}

/** The TemplatePath of the @11ty/eleventy-utils that Eleventy itself loads. */
export function eleventyTemplatePath(): PathFunctions {
  const fromEleventy = createRequire(createRequire(import.meta.url).resolve('@11ty/eleventy'));
  return (fromEleventy('@11ty/eleventy-utils') as { TemplatePath: PathFunctions }).TemplatePath;
}

// Once per thread: this module is evaluated once where Eleventy is loaded.
comparePathsAtSeparators(eleventyTemplatePath());
