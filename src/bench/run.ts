/**
 * `npm run bench`: builds one synthetic corpus with news-archive, with the
 * floor script and with Hugo, in the same run, and reports wall time, CPU
 * time and peak memory of each (median over --runs), the build's phase
 * times, incremental rebuilds checked against clean builds, and the ratios
 * the speed targets are stated in.
 *
 *   tsx src/bench/run.ts [--articles N] [--runs R] [--seed S] [--no-hugo] [--no-pagefind]
 *                        [--out FILE] [--baseline FILE] [--keep] [--no-compile]
 *
 * This file is the command line entry: options, paths and the clock are
 * read here and nowhere else in src/bench/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusDate, corpusPath, DEFAULT_SEED, generateCorpus, GENERATOR_VERSION, type CorpusSummary } from './corpus.js';
import { generateDispatch } from './dispatch.js';
import { hugoVersion, writeHugoSite } from './hugo.js';
import { measure, type Measurement } from './measure.js';
import { differencesByRun, median, ratio, ratiosByRun, type RatioByRun } from './ratios.js';
import { compareTrees, hashTree, type TreeDifference, type TreeHashes } from './tree.js';

/** Everything the benchmark is told, normalised once. */
export interface BenchOptions {
  /** Number of dispatches. @default 10000 */
  articles: number;
  /** Repetitions; medians are reported. @default 3 */
  runs: number;
  /** Corpus seed. @default DEFAULT_SEED */
  seed: string;
  /** Build the Hugo reference when `hugo` is on the PATH. @default true */
  hugo: boolean;
  /** Time Pagefind's own CLI over the finished pages, when installed. @default true */
  pagefind: boolean;
  /** Results file. @default bench-results/<timestamp>.json */
  out: string | null;
  /** A results file of a smaller run to compute the growth ratio against (e.g. 10,000 for 100,000). */
  baseline: string | null;
  /** Keep the temporary build folders. @default false */
  keep: boolean;
  /** Run `npm run compile` first. @default true */
  compile: boolean;
}

/** The kinds of measurement one run makes. */
export type Step =
  | 'floor'
  | 'build'
  | 'buildWithSearch'
  | 'rebuildNoChange'
  | 'rebuildChanged'
  | 'rebuildAdded'
  | 'rebuildAddedWithSearch'
  | 'pagefind'
  | 'hugo';

const STEP_LABELS: Record<Step, string> = {
  floor: 'floor (read, split, escape, write)',
  build: 'news-archive build --no-search',
  buildWithSearch: 'news-archive build (with search)',
  rebuildNoChange: '  rebuild, nothing changed',
  rebuildChanged: '  rebuild, 1 article changed',
  rebuildAdded: '  rebuild, 1 article added',
  rebuildAddedWithSearch: '  rebuild with search, 1 article added',
  pagefind: 'pagefind CLI over the pages',
  hugo: 'hugo',
};

/** What the build's `<output>.report.json` says, in the parts the benchmark reads. */
export interface BuildReport {
  files: number | null;
  articles: number | null;
  pages: number | null;
  warnings: number | null;
  errors: number | null;
  phases: Record<string, number>;
  totalMs: number | null;
  /** What the build's cache saved, when the report says (`rendered`, `reused`, `unchanged` pages). */
  cache?: Record<string, number>;
}

export interface Sample extends Measurement {
  run: number;
  report?: BuildReport;
}

export interface StepSummary {
  label: string;
  runs: number;
  failed: number;
  wallMs: number | null;
  cpuMs: number | null;
  userMs: number | null;
  sysMs: number | null;
  peakRssBytes: number | null;
  maxPeakRssBytes: number | null;
  /** Median of each phase over the runs (build steps only). */
  phases?: Record<string, number>;
  report?: BuildReport;
}

const USAGE = `usage: tsx src/bench/run.ts [--articles N] [--runs R] [--seed S] [--no-hugo] [--no-pagefind]
                            [--out FILE] [--baseline FILE] [--keep] [--no-compile]
  --articles N     dispatches in the synthetic corpus (default 10000; sizes used: 1000, 10000, 100000)
  --runs R         repetitions, medians reported (default 3)
  --seed S         corpus seed (default ${DEFAULT_SEED})
  --no-hugo        skip the Hugo reference
  --no-pagefind    skip timing Pagefind's CLI over the finished pages
  --out FILE       results JSON (default bench-results/<timestamp>.json)
  --baseline FILE  a results JSON of a smaller size, for the growth ratio
  --keep           keep the temporary build folders
  --no-compile     do not run npm run compile first
`;

/** How the table names the report's phases where the name alone says less (see the report's `phases` in README.md). */
const PHASE_LABELS: Record<string, string> = { feeds: 'feeds and sitemaps', search: 'search index' };

function parseOptions(argv: string[]): BenchOptions | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        articles: { type: 'string', default: '10000' },
        runs: { type: 'string', default: '3' },
        seed: { type: 'string', default: DEFAULT_SEED },
        'no-hugo': { type: 'boolean', default: false },
        'no-pagefind': { type: 'boolean', default: false },
        out: { type: 'string' },
        baseline: { type: 'string' },
        keep: { type: 'boolean', default: false },
        'no-compile': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return `${error instanceof Error ? error.message : String(error)}\n${USAGE}`;
  }
  if (values.help) return USAGE;
  const articles = Number(values.articles);
  const runs = Number(values.runs);
  if (!Number.isInteger(articles) || articles < 2) return `--articles must be an integer of at least 2\n${USAGE}`;
  if (!Number.isInteger(runs) || runs < 1) return `--runs must be a positive integer\n${USAGE}`;
  return {
    articles,
    runs,
    seed: values.seed,
    hugo: !values['no-hugo'],
    pagefind: !values['no-pagefind'],
    out: values.out ?? null,
    baseline: values.baseline ?? null,
    keep: values.keep,
    compile: !values['no-compile'],
  };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function seconds(ms: number | null): string {
  return ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`;
}

function megabytes(bytes: number | null): string {
  return bytes === null ? '—' : `${Math.round(bytes / 1e6)} MB`;
}

/** The corpus for (n, seed), generated once and kept under .cache/bench/. */
async function ensureCorpus(root: string, n: number, seed: string): Promise<{ dir: string; summary: CorpusSummary }> {
  const name = `corpus-v${GENERATOR_VERSION}-${n}-${seed.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const dir = join(root, '.cache', 'bench', name);
  const marker = `${dir}.json`;
  if (existsSync(marker)) {
    return { dir, summary: JSON.parse(await readFile(marker, 'utf8')) as CorpusSummary };
  }
  log(`generating ${n} dispatches into ${dir} …`);
  await rm(dir, { recursive: true, force: true });
  const summary = await generateCorpus(dir, n, seed);
  await writeFile(marker, `${JSON.stringify(summary, null, 2)}\n`);
  return { dir, summary };
}

async function readReport(output: string): Promise<BuildReport | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(`${output}.report.json`, 'utf8'));
  } catch {
    return undefined;
  }
  const record = (raw ?? {}) as Record<string, unknown>;
  const count = (key: string): number | null => (typeof record[key] === 'number' ? (record[key] as number) : null);
  const phases: Record<string, number> = {};
  if (typeof record.phases === 'object' && record.phases !== null) {
    for (const [phase, ms] of Object.entries(record.phases as Record<string, unknown>)) {
      if (typeof ms === 'number') phases[phase] = ms;
    }
  }
  const cache =
    typeof record.cache === 'object' && record.cache !== null
      ? Object.fromEntries(Object.entries(record.cache as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'))
      : undefined;
  return {
    ...(cache === undefined ? {} : { cache }),
    files: count('files'),
    articles: count('articles'),
    pages: count('pages'),
    warnings: count('warnings'),
    errors: count('errors'),
    phases,
    totalMs: count('totalMs'),
  };
}

/** A body edit as a correction would make: one paragraph added after the dateline paragraph. */
function correctDispatch(text: string): string {
  const edited = text.replace(/(\(Xinhua\) -- [^\n]*\n)/, '$1\nThis dispatch was corrected after publication to add this paragraph.\n');
  if (edited === text) throw new Error('bench: the dispatch to change has no dateline paragraph');
  return edited;
}

async function listTextFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, encoding: 'utf8' })).filter((name) => name.endsWith('.txt')).sort();
}

function summarize(step: Step, samples: Sample[]): StepSummary {
  const ok = samples.filter((sample) => sample.exitCode === 0);
  const summary: StepSummary = {
    label: STEP_LABELS[step].trim(),
    runs: samples.length,
    failed: samples.length - ok.length,
    wallMs: median(ok.map((s) => s.wallMs)),
    cpuMs: median(ok.flatMap((s) => (s.cpuMs === null ? [] : [s.cpuMs]))),
    userMs: median(ok.flatMap((s) => (s.userMs === null ? [] : [s.userMs]))),
    sysMs: median(ok.flatMap((s) => (s.sysMs === null ? [] : [s.sysMs]))),
    peakRssBytes: median(ok.map((s) => s.peakRssBytes)),
    maxPeakRssBytes: ok.length === 0 ? null : Math.max(...ok.map((s) => s.peakRssBytes)),
  };
  const reports = ok.flatMap((s) => (s.report === undefined ? [] : [s.report]));
  if (reports.length > 0) {
    const names = [...new Set(reports.flatMap((report) => Object.keys(report.phases)))];
    summary.phases = Object.fromEntries(
      names.map((name) => [name, median(reports.flatMap((report) => (name in report.phases ? [report.phases[name] as number] : []))) ?? 0]),
    );
    summary.report = reports[0] as BuildReport;
  }
  return summary;
}

/** The ratios the speed targets are stated in; null where a step did not run. */
export interface Ratios {
  buildOverHugo: number | null;
  /**
   * The ratios of the targets in each run (each run times its steps one after
   * the other), and the median of each: the ratios least moved by the
   * machine's spells. The targets are judged on the ratios of the medians,
   * as before; these are shown beside them.
   */
  byRun: Record<TargetRatio, RatioByRun>;
  buildOverFloor: number | null;
  /** The same two ratios in CPU time (user + system): steadier than wall time when other work shares the machine. */
  buildOverHugoCpu: number | null;
  buildOverFloorCpu: number | null;
  hugoOverFloor: number | null;
  /** Wall time of the build with search minus the build without. */
  searchCostMs: number | null;
  /** The `search` phase of the build with search, from its report. */
  searchPhaseMs: number | null;
  searchCostOverPagefind: number | null;
  rebuildNoChangeOverBuild: number | null;
  rebuildChangedOverBuild: number | null;
  rebuildAddedOverBuild: number | null;
  /** The rebuild with search after an article was added, over the build with search (what `npm run build` does by default; no target). */
  rebuildAddedWithSearchOverBuildWithSearch: number | null;
  /** Full build time over the --baseline run's. */
  growthOverBaseline: number | null;
}

/** The ratios a speed target is stated in, each of two steps timed in every run. */
type TargetRatio = 'buildOverHugo' | 'buildOverFloor' | 'searchCostOverPagefind' | 'rebuildNoChangeOverBuild' | 'rebuildChangedOverBuild' | 'rebuildAddedOverBuild';

interface Target {
  name: string;
  /** The ratio of the two steps' medians, which the target is judged on. */
  value: number | null;
  limit: number;
  met: boolean | null;
  /** The same ratio in each run, and their median (none for a target of one step, or of a baseline). */
  byRun?: RatioByRun;
}

function target(name: string, value: number | null, limit: number, byRun?: RatioByRun): Target {
  return { name, value, limit, met: value === null ? null : value <= limit, ...(byRun === undefined ? {} : { byRun }) };
}

/** A target stated in one of `ratios`: its ratio of the medians, with the same ratio run by run. */
function ratioTarget(name: string, ratios: Ratios, key: TargetRatio, limit: number): Target {
  return target(name, ratios[key], limit, ratios.byRun[key]);
}

type RebuildKind = 'noChange' | 'changed' | 'added' | 'addedWithSearch';

/** What the runs share and accumulate. */
interface BenchState {
  options: BenchOptions;
  /** The command line, run as a file, as `news-archive` is (its first lines start Node: src/bundle.ts). */
  cli: string;
  floorScript: string;
  corpusDir: string;
  /** The corpus's files, relative and sorted. */
  corpusFiles: string[];
  /** The Hugo site folder, or null when Hugo is not timed. */
  hugoSite: string | null;
  /** Pagefind's CLI, or null when it is not timed. */
  pagefind: string | null;
  samples: Record<Step, Sample[]>;
  /** How each rebuild's output compares with a clean build of the same input (first run only). */
  identity: Record<RebuildKind, TreeDifference | null>;
  /**
   * Output files each rebuild changed relative to the output before it: shows
   * the edit reached the site, so "identical to a clean build" is not vacuous.
   */
  touched: Record<RebuildKind, number | null>;
  /** Cleared when a build fails, so later runs do not repeat it. */
  buildWorks: boolean;
  searchWorks: boolean;
  notes: string[];
}

/** Times one build of `input` into `output`, the command line run as a file (`state.cli`), in `cwd`. */
function measureBuild(state: BenchState, input: string, output: string, search: boolean, cwd: string): Promise<Measurement> {
  return measure(state.cli, ['build', '--input', input, '--output', output, '--quiet', ...(search ? [] : ['--no-search'])], { cwd });
}

function differing(difference: TreeDifference): number {
  return difference.changed.length + difference.missing.length + difference.extra.length;
}

function failureNote(what: string, sample: Sample): string {
  return `${what} failed (exit ${sample.exitCode}): ${sample.stderrTail.trim().split('\n').slice(-3).join(' / ')}`;
}

/** Keeps a measurement (with the build report beside `output`, if any) and logs one line. */
async function record(state: BenchState, step: Step, run: number, measurement: Measurement, output?: string): Promise<Sample> {
  const sample: Sample = { ...measurement, run };
  if (output !== undefined) {
    const report = await readReport(output);
    if (report !== undefined) sample.report = report;
  }
  state.samples[step].push(sample);
  const status = measurement.exitCode === 0 ? '' : `  FAILED (exit ${measurement.exitCode})`;
  const cache = sample.report?.cache;
  const saved = cache === undefined ? '' : `  (cache: ${Object.entries(cache).map(([k, v]) => `${k} ${v}`).join(', ')})`;
  log(`  ${STEP_LABELS[step].trim().padEnd(36)} ${seconds(measurement.wallMs).padStart(9)}  ${megabytes(measurement.peakRssBytes).padStart(8)}${status}${saved}`);
  if (measurement.exitCode !== 0) log(measurement.stderrTail.trim().split('\n').slice(-8).map((line) => `    | ${line}`).join('\n'));
  return sample;
}

/**
 * The clean build without search, Pagefind's CLI over its pages, then the
 * three rebuilds over the same output. Works on a private copy of the corpus,
 * since the rebuilds edit it. Each clean build gets a fresh working directory
 * and output folder, so no cache of an earlier build is found wherever the
 * build keeps one.
 */
async function timeBuildAndRebuilds(state: BenchState, run: number, runDir: string): Promise<void> {
  const input = join(runDir, 'corpus');
  await cp(state.corpusDir, input, { recursive: true });
  const site = join(runDir, 'site');
  const cwd = join(runDir, 'cwd');
  await mkdir(cwd);
  const full = await record(state, 'build', run, await measureBuild(state, input, site, false, cwd), site);
  if (full.exitCode !== 0) {
    state.buildWorks = false;
    state.searchWorks = false;
    state.notes.push(failureNote('news-archive build --no-search', full));
    return;
  }
  const clean = await hashTree(site);
  if (state.pagefind !== null) {
    await record(state, 'pagefind', run, await measure(state.pagefind, ['--site', site, '--output-path', join(runDir, 'pagefind')]));
  }
  const rebuild = async (step: Step): Promise<TreeHashes | null> => {
    const sample = await record(state, step, run, await measureBuild(state, input, site, false, cwd), site);
    return sample.exitCode === 0 ? hashTree(site) : null;
  };
  const check = async (kind: RebuildKind, after: TreeHashes | null, before: TreeHashes | null): Promise<void> => {
    if (run !== 1 || after === null) return;
    compareRebuild(state, kind, after, before, kind === 'noChange' ? clean : await cleanBuildOf(state, runDir, input, kind, false));
  };

  const unchanged = await rebuild('rebuildNoChange');
  await check('noChange', unchanged, clean);

  const changedFile = state.corpusFiles[Math.floor(state.corpusFiles.length / 2)] as string;
  await writeFile(join(input, changedFile), correctDispatch(await readFile(join(input, changedFile), 'utf8')));
  const changed = await rebuild('rebuildChanged');
  await check('changed', changed, unchanged);

  await addDispatch(state, input);
  const afterAdd = await rebuild('rebuildAdded');
  await check('added', afterAdd, changed);
}

/** A clean build of `input` in a working directory and output folder of its own (named after `name`), or null when it failed. */
async function cleanBuildOf(state: BenchState, runDir: string, input: string, name: string, search: boolean): Promise<TreeHashes | null> {
  const refCwd = join(runDir, `cwd-${name}`);
  const refSite = join(runDir, `site-${name}`);
  await mkdir(refCwd);
  const result = await measureBuild(state, input, refSite, search, refCwd);
  // Kept until the benchmark ends, like every tree it makes (see main).
  return result.exitCode === 0 ? hashTree(refSite) : null;
}

/** Records how a rebuild's tree `after` differs from the tree before it and whether it is what a clean build (`reference`) writes. */
function compareRebuild(state: BenchState, kind: RebuildKind, after: TreeHashes, before: TreeHashes | null, reference: TreeHashes | null): void {
  state.touched[kind] = before === null ? null : differing(compareTrees(after, before));
  if (reference !== null) state.identity[kind] = compareTrees(after, reference);
}

/** Adds a dispatch on the corpus's newest day to the copy of the corpus at `input`, as a new day's files land. */
async function addDispatch(state: BenchState, input: string): Promise<void> {
  const { articles, seed } = state.options;
  const lastDate = corpusDate(articles - 1, articles);
  const added = generateDispatch(seed, articles, lastDate);
  const addedPath = join(input, corpusPath(lastDate, added.fileName, 'nested'));
  await mkdir(dirname(addedPath), { recursive: true });
  await writeFile(addedPath, added.text);
}

/**
 * The full build with the search index, in a fresh working directory, then
 * the rebuild with search after an article was added: what `npm run build`
 * does each time a new day's files land. Works on a private copy of the corpus.
 */
async function timeBuildWithSearch(state: BenchState, run: number, runDir: string): Promise<void> {
  const input = join(runDir, 'corpus-search');
  await cp(state.corpusDir, input, { recursive: true });
  const cwd = join(runDir, 'cwd-search');
  const site = join(runDir, 'site-search');
  await mkdir(cwd);
  const sample = await record(state, 'buildWithSearch', run, await measureBuild(state, input, site, true, cwd), site);
  if (sample.exitCode !== 0) {
    state.searchWorks = false;
    state.notes.push(failureNote('news-archive build (with search)', sample));
    return;
  }
  const before = run === 1 ? await hashTree(site) : null;
  await addDispatch(state, input);
  const rebuilt = await record(state, 'rebuildAddedWithSearch', run, await measureBuild(state, input, site, true, cwd), site);
  if (run !== 1 || rebuilt.exitCode !== 0) return;
  const after = await hashTree(site);
  compareRebuild(state, 'addedWithSearch', after, before, await cleanBuildOf(state, runDir, input, 'addedWithSearch', true));
}

const NODE_START_ROUNDS = 7;

/** The wall time of `node -e 0` with the environment as it is and without NODE_EXTRA_CA_CERTS, in turn: medians, in ms. */
function nodeStartMs(): { withVariable: number; without: number } {
  const { NODE_EXTRA_CA_CERTS: _unset, ...without } = process.env;
  const time = (env: NodeJS.ProcessEnv): number => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const withVariable: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < NODE_START_ROUNDS; i++) {
    withVariable.push(time(process.env));
    bare.push(time(without));
  }
  return { withVariable: median(withVariable)!, without: median(bare)! };
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseOptions(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(parsed);
    return parsed === USAGE ? 0 : 2;
  }
  const options = parsed;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  // Read by Node itself before any script runs (with OpenSSL 3, nodejs/node#40524): a cost of every Node process timed here.
  const extraCaCerts = Boolean(process.env.NODE_EXTRA_CA_CERTS);
  // What it costs here, measured rather than assumed: it ranged from some 33 to 45 ms over the machines these runs met.
  const nodeStart = extraCaCerts ? nodeStartMs() : null;
  const git = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: root, encoding: 'utf8' });
  const commit = git.status === 0 ? git.stdout.trim() : null;

  if (options.compile) {
    log('compiling (npm run compile) …');
    const compiled = spawnSync('npm', ['run', 'compile', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (compiled.status !== 0) log('warning: npm run compile reported errors; timing whatever was emitted to dist/');
  }
  if (!existsSync(join(root, 'dist', 'src', 'bench', 'floor.js'))) {
    log('bench: dist/src/bench/floor.js is missing; run npm run compile');
    return 1;
  }
  const work = await mkdtemp(join(tmpdir(), 'news-archive-bench-'));
  // Time a private copy of the compiled program: a compile elsewhere in the
  // tree during a long run would otherwise change the code between the steps
  // whose outputs are compared (and invalidate the build cache mid-run).
  const app = join(work, 'app');
  await mkdir(app);
  for (const entry of ['dist', 'public', 'package.json']) {
    if (existsSync(join(root, entry))) await cp(join(root, entry), join(app, entry), { recursive: true });
  }
  await symlink(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
  const cli = join(app, 'dist', 'src', 'cli.js');
  const floorScript = join(app, 'dist', 'src', 'bench', 'floor.js');

  const corpus = await ensureCorpus(root, options.articles, options.seed);
  const corpusFiles = await listTextFiles(corpus.dir);
  log(`corpus: ${corpus.summary.files} dispatches, ${megabytes(corpus.summary.bytes)}, ${corpus.dir}`);
  log(`work folder: ${work}`);

  const hugo = options.hugo ? hugoVersion() : null;
  const hugoSite = join(work, 'hugo-site');
  if (hugo !== null) {
    log(`writing the Hugo site (${hugo}) …`);
    await writeHugoSite(corpus.dir, hugoSite);
  } else if (options.hugo) {
    log('hugo is not on the PATH: skipping the Hugo reference (apt-get install hugo)');
  }
  const pagefind = join(root, 'node_modules', '.bin', 'pagefind');

  const state: BenchState = {
    options,
    cli,
    floorScript,
    corpusDir: corpus.dir,
    corpusFiles,
    hugoSite: hugo === null ? null : hugoSite,
    pagefind: options.pagefind && existsSync(pagefind) ? pagefind : null,
    samples: { floor: [], build: [], buildWithSearch: [], rebuildNoChange: [], rebuildChanged: [], rebuildAdded: [], rebuildAddedWithSearch: [], pagefind: [], hugo: [] },
    identity: { noChange: null, changed: null, added: null, addedWithSearch: null },
    touched: { noChange: null, changed: null, added: null, addedWithSearch: null },
    buildWorks: existsSync(cli),
    searchWorks: existsSync(cli),
    notes: [
      ...(existsSync(cli) ? [] : [`${cli} is missing: news-archive was not timed`]),
      ...(extraCaCerts
        ? [
            `NODE_EXTRA_CA_CERTS is set: Node loads that certificate file as it starts, before any script, which adds ${Math.round(nodeStart!.withVariable - nodeStart!.without)} ms to the floor script and to Pagefind's command, both run with \`node\` (news-archive's command line, run as a file as \`news-archive\` is, starts Node without it: src/bundle.ts) (\`node -e 0\`: ${Math.round(nodeStart!.withVariable)} ms with it, ${Math.round(nodeStart!.without)} ms without, medians of ${NODE_START_ROUNDS})`,
          ]
        : []),
    ],
  };
  for (let run = 1; run <= options.runs; run++) {
    log(`run ${run}/${options.runs}`);
    const runDir = join(work, `run-${run}`);
    await mkdir(runDir, { recursive: true });
    await record(state, 'floor', run, await measure('node', [floorScript, corpus.dir, join(runDir, 'floor')]));
    if (state.hugoSite !== null) {
      await record(state, 'hugo', run, await measure('hugo', ['--quiet', '-s', state.hugoSite, '-d', join(runDir, 'hugo')]));
    }
    if (state.buildWorks) await timeBuildAndRebuilds(state, run, runDir);
    if (state.searchWorks) await timeBuildWithSearch(state, run, runDir);
    // Trees are deleted only when every step has been timed: on ext4, creating files right after
    // deleting some 100,000 is several times slower (the inode allocator skips recently freed
    // inodes), which would slow whichever step came next, the floor most of all.
  }
  const { samples, identity, touched, notes } = state;
  if (!options.keep) await rm(work, { recursive: true, force: true });

  const steps = (Object.keys(samples) as Step[]).filter((step) => samples[step].length > 0);
  const summary = Object.fromEntries(steps.map((step) => [step, summarize(step, samples[step])])) as Partial<Record<Step, StepSummary>>;
  const wall = (step: Step): number | null => summary[step]?.wallMs ?? null;

  let baselineBuildMs: number | null = null;
  let baselineArticles: number | null = null;
  if (options.baseline !== null) {
    const base = JSON.parse(await readFile(options.baseline, 'utf8')) as { articles?: number; summary?: Partial<Record<Step, StepSummary>> };
    baselineArticles = base.articles ?? null;
    baselineBuildMs = base.summary?.buildWithSearch?.wallMs ?? base.summary?.build?.wallMs ?? null;
  }
  const searchCostMs =
    wall('buildWithSearch') !== null && wall('build') !== null ? (wall('buildWithSearch') as number) - (wall('build') as number) : null;
  const ratios: Ratios = {
    buildOverHugo: ratio(wall('build'), wall('hugo')),
    byRun: {
      buildOverHugo: ratiosByRun(samples.build, samples.hugo),
      buildOverFloor: ratiosByRun(samples.build, samples.floor),
      searchCostOverPagefind: ratiosByRun(differencesByRun(samples.buildWithSearch, samples.build), samples.pagefind),
      rebuildNoChangeOverBuild: ratiosByRun(samples.rebuildNoChange, samples.build),
      rebuildChangedOverBuild: ratiosByRun(samples.rebuildChanged, samples.build),
      rebuildAddedOverBuild: ratiosByRun(samples.rebuildAdded, samples.build),
    },
    buildOverFloor: ratio(wall('build'), wall('floor')),
    buildOverHugoCpu: ratio(summary.build?.cpuMs, summary.hugo?.cpuMs),
    buildOverFloorCpu: ratio(summary.build?.cpuMs, summary.floor?.cpuMs),
    hugoOverFloor: ratio(wall('hugo'), wall('floor')),
    searchCostMs,
    searchPhaseMs: summary.buildWithSearch?.phases?.search ?? null,
    searchCostOverPagefind: ratio(searchCostMs, wall('pagefind')),
    rebuildNoChangeOverBuild: ratio(wall('rebuildNoChange'), wall('build')),
    rebuildChangedOverBuild: ratio(wall('rebuildChanged'), wall('build')),
    rebuildAddedOverBuild: ratio(wall('rebuildAdded'), wall('build')),
    rebuildAddedWithSearchOverBuildWithSearch: ratio(wall('rebuildAddedWithSearch'), wall('buildWithSearch')),
    growthOverBaseline: ratio(wall('buildWithSearch') ?? wall('build'), baselineBuildMs),
  };
  const targets: Target[] = [
    ratioTarget('build --no-search / hugo', ratios, 'buildOverHugo', 0.75),
    ratioTarget('build --no-search / floor', ratios, 'buildOverFloor', 4),
    ratioTarget('search cost / pagefind CLI', ratios, 'searchCostOverPagefind', 1),
    ratioTarget('rebuild, nothing changed / build', ratios, 'rebuildNoChangeOverBuild', 0.15),
    ratioTarget('rebuild, 1 changed / build', ratios, 'rebuildChangedOverBuild', 0.15),
    ratioTarget('rebuild, 1 added / build', ratios, 'rebuildAddedOverBuild', 0.15),
  ];
  if (options.articles >= 100_000) {
    const peak = summary.buildWithSearch?.maxPeakRssBytes ?? summary.build?.maxPeakRssBytes ?? null;
    targets.push(target('peak memory of the full build (GB)', peak === null ? null : Math.round((peak / 1e9) * 100) / 100, 2.5));
    if (baselineBuildMs !== null) targets.push(target(`growth from ${baselineArticles ?? '?'} articles`, ratios.growthOverBaseline, 11));
  }

  const results = {
    benchmark: 'news-archive',
    startedAt,
    /** The commit timed (`-dirty` when the working tree had changes), from `git describe`. */
    commit,
    articles: options.articles,
    runs: options.runs,
    seed: options.seed,
    corpus: { dir: corpus.dir, ...corpus.summary },
    machine: {
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? null,
      memoryBytes: totalmem(),
      node: process.version,
      /** Whether NODE_EXTRA_CA_CERTS was set (see the note it adds). */
      nodeExtraCaCerts: extraCaCerts,
      /** When it was set: the wall time of \`node -e 0\` with it and without, in ms (medians). */
      nodeStartMs: nodeStart,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
    },
    hugo,
    summary,
    ratios,
    targets,
    identical: identity,
    filesChangedByRebuild: touched,
    notes,
    samples,
  };

  const outFile = options.out ?? join(root, 'bench-results', `${startedAt.replace(/[:.]/g, '-')}-${options.articles}.json`);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(results, null, 2)}\n`);

  printTable(options, hugo, summary, ratios, targets, identity, touched, notes);
  process.stdout.write(`\nresults: ${outFile}\n`);
  return 0;
}

function printTable(
  options: BenchOptions,
  hugo: string | null,
  summary: Partial<Record<Step, StepSummary>>,
  ratios: Ratios,
  targets: Target[],
  identity: Record<string, TreeDifference | null>,
  touched: Record<string, number | null>,
  notes: string[],
): void {
  const lines: string[] = [];
  lines.push(`\nnews-archive bench: ${options.articles} articles, median of ${options.runs} run(s), ${availableParallelism()} CPUs`);
  if (hugo !== null) lines.push(hugo);
  lines.push(`${'step'.padEnd(40)} ${'wall'.padStart(9)} ${'cpu'.padStart(9)} ${'(user'.padStart(9)} ${'sys)'.padStart(9)} ${'peak RSS'.padStart(9)}`);
  for (const step of Object.keys(STEP_LABELS) as Step[]) {
    const s = summary[step];
    if (s === undefined) continue;
    const failed = s.failed > 0 ? `  (${s.failed} failed)` : '';
    lines.push(`${STEP_LABELS[step].padEnd(40)} ${seconds(s.wallMs).padStart(9)} ${seconds(s.cpuMs).padStart(9)} ${seconds(s.userMs).padStart(9)} ${seconds(s.sysMs).padStart(9)} ${megabytes(s.peakRssBytes).padStart(9)}${failed}`);
  }
  for (const step of ['build', 'buildWithSearch'] as const) {
    const phases = summary[step]?.phases;
    if (phases !== undefined && Object.keys(phases).length > 0) {
      lines.push(`phases of ${STEP_LABELS[step]} (ms): ${Object.entries(phases).map(([name, ms]) => `${PHASE_LABELS[name] ?? name} ${Math.round(ms)}`).join(' · ')}`);
    }
  }
  const report = summary.build?.report;
  if (report !== undefined) {
    lines.push(`build report: ${report.files ?? '?'} files, ${report.articles ?? '?'} articles, ${report.pages ?? '?'} pages, ${report.warnings ?? '?'} warnings, ${report.errors ?? '?'} errors`);
  }
  for (const [name, difference] of Object.entries(identity)) {
    if (difference === null) continue;
    const detail = difference.identical
      ? 'identical to a clean build'
      : `DIFFERS from a clean build: ${difference.changed.length} changed, ${difference.missing.length} missing, ${difference.extra.length} extra (${[...difference.changed, ...difference.missing, ...difference.extra].slice(0, 3).join(', ')})`;
    const count = touched[name];
    lines.push(`rebuild ${name}: ${detail}${count === null || count === undefined ? '' : ` (${count} output files differ from before the rebuild)`}`);
  }
  lines.push('ratios (of the medians; then run by run, with the median of those):');
  for (const t of targets) {
    const verdict = t.met === null ? 'n/a' : t.met ? 'met' : 'MISSED';
    const runs = t.byRun !== undefined && t.byRun.byRun.length > 1 ? `; run by run ${t.byRun.byRun.join(', ')} (median ${t.byRun.median})` : '';
    lines.push(`  ${t.name.padEnd(38)} ${t.value === null ? '—' : String(t.value)} (target ≤ ${t.limit}) ${verdict}${runs}`);
  }
  if (ratios.buildOverHugoCpu !== null) lines.push(`  ${'build --no-search / hugo, CPU time'.padEnd(38)} ${ratios.buildOverHugoCpu}`);
  if (ratios.buildOverFloorCpu !== null) lines.push(`  ${'build --no-search / floor, CPU time'.padEnd(38)} ${ratios.buildOverFloorCpu}`);
  if (ratios.hugoOverFloor !== null) lines.push(`  ${'hugo / floor'.padEnd(38)} ${ratios.hugoOverFloor}`);
  if (ratios.searchCostMs !== null) lines.push(`  ${'search cost (with − without)'.padEnd(38)} ${seconds(ratios.searchCostMs)}`);
  if (ratios.rebuildAddedWithSearchOverBuildWithSearch !== null) {
    lines.push(`  ${'with search: rebuild, 1 added / build'.padEnd(38)} ${ratios.rebuildAddedWithSearchOverBuildWithSearch} (no target)`);
  }
  for (const note of notes) lines.push(`note: ${note}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main(process.argv.slice(2)).then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
