/**
 * `npm run bench [-- --quick] [-- --reps N]`: times db:check against its peers on databases of 32 (real),
 * 1,000 and 10,000 (synthetic) tables, printing each measurement as it is taken, then the figures; a full run
 * writes docs/benchmarks.md (a quick one never does: its single repetition is not a figure to keep).
 * Runs on a throw-away embedded PostgreSQL, or on BENCH_DATABASE_URL (an admin URL: it creates and drops
 * its own databases there). Traffic goes only to that server; every run has a time limit.
 */
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withConnection } from '../src/database/connect.js';
import { maskUrl } from '../src/database/url.js';
import { catalogFloorMs } from './bench/floor.js';
import { killActiveChildren, memoryProbe, runTimed, type MemoryProbe } from './bench/measure.js';
import { figuresTable, markdown, targetsList, type Environment, type Row, type RowKey, type SizeResult } from './bench/report.js';
import { buildRealTarget, buildSyntheticTarget, type BuildContext, type Target } from './bench/targets.js';
import { prepareTools, type Tool } from './bench/tools.js';

const HELP = `usage: npm run bench [-- --quick] [-- --reps N]
  --quick    32 and 1,000 tables, one repetition (CI); prints only, never writes docs/benchmarks.md
  --reps N   repetitions per tool and size (default 5)
BENCH_DATABASE_URL: run on that server (admin URL) instead of a throw-away embedded PostgreSQL.`;

/** This file runs compiled, from dist-scripts/scripts/. */
const scriptsDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(scriptsDir, '..', '..');
const RUN_TIMEOUT_MS = 10 * 60_000;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface Options {
  quick: boolean;
  reps: number;
  sizes: number[];
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({ args: argv, strict: true, options: { quick: { type: 'boolean' }, reps: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const reps = values.reps === undefined ? (quick ? 1 : 5) : Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1 || reps > 50) throw new Error('--reps must be a whole number from 1 to 50');
  return { quick, reps, sizes: quick ? [32, 1000] : [32, 1000, 10_000] };
}

/** Undo steps, run once, last first: on success, on error and on Ctrl-C alike. */
const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  })();
  return cleaning;
}

/** Temp folders are also removed synchronously at exit, in case a signal ends the process mid-cleanup. */
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function openServer(): Promise<{ adminUrl: string; description: string }> {
  const explicit = process.env.BENCH_DATABASE_URL?.trim();
  if (explicit) return { adminUrl: explicit, description: `BENCH_DATABASE_URL ${maskUrl(explicit)}` };
  // Loaded only when no BENCH_DATABASE_URL is given.
  const { startEmbedded } = await import('../src/database/embedded.js');
  const server = await startEmbedded({ home: await tempDir('aiforce-db-bench-pg-'), throwaway: true });
  cleanups.push(server.stop);
  return { adminUrl: server.adminUrl(), description: 'embedded, throw-away' };
}

function parseTimings(stderr: string): { snapshotMs: number; compareMs: number } | null {
  const match = /^timings (\{.*\})$/m.exec(stderr);
  if (!match) return null;
  const timings = JSON.parse(match[1]!) as { snapshotMs?: number; compareMs?: number };
  return typeof timings.snapshotMs === 'number' && typeof timings.compareMs === 'number' ? { snapshotMs: timings.snapshotMs, compareMs: timings.compareMs } : null;
}

function emptyRows(tools: Tool[]): Map<RowKey, Row> {
  const row = (label: string): Row => ({ label, ms: [], rssKb: [] });
  const rows = new Map<RowKey, Row>(tools.map((tool) => [tool.key, row(tool.label)]));
  rows.set('snapshot', row('db:check snapshot phase'));
  rows.set('compare', row('db:check comparison phase'));
  rows.set('phases', row('db:check snapshot + comparison'));
  rows.set('floor', row('floor: catalog queries through `pg`'));
  return rows;
}

/** Records the db:check phases of one bare run, or marks the phase rows failed when --timings printed nothing. */
function recordPhases(rows: Map<RowKey, Row>, stderr: string): void {
  const timings = parseTimings(stderr);
  const phases: Array<[RowKey, number | undefined]> = [
    ['snapshot', timings?.snapshotMs],
    ['compare', timings?.compareMs],
    ['phases', timings ? timings.snapshotMs + timings.compareMs : undefined],
  ];
  for (const [key, value] of phases) {
    const row = rows.get(key)!;
    if (value === undefined) row.failed = 'no `timings {...}` line on stderr';
    else row.ms.push(value);
  }
}

function short(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Every tool once per round, rounds interleaved, so slow drift of the machine spreads over all tools alike. */
async function measureTarget(target: Target, tools: Tool[], options: Options, probe: MemoryProbe, workDir: string, warmUp: boolean): Promise<SizeResult> {
  const rows = emptyRows(tools);
  const rssFile = path.join(workDir, 'sample.rss');
  const active = tools.flatMap((tool) => {
    const command = tool.command(target);
    if ('skipped' in command) {
      rows.get(tool.key)!.skipped = command.skipped;
      if (tool.key === 'check-node') for (const key of ['snapshot', 'compare', 'phases'] as const) rows.get(key)!.skipped = command.skipped;
      return [];
    }
    return [{ tool, command }];
  });
  if (warmUp) {
    log('  warm-up round (not timed)');
    for (const { command } of active) await runTimed(command, probe, rssFile);
  }
  for (let round = 1; round <= options.reps; round++) {
    log(`  round ${round}/${options.reps}`);
    for (const entry of active) {
      const row = rows.get(entry.tool.key)!;
      if (row.failed) continue;
      const sample = await runTimed(entry.command, probe, rssFile);
      row.failed = entry.tool.verdict(sample) ?? undefined;
      if (row.failed) {
        log(`    ${entry.tool.label}: failed (${row.failed})`);
        continue;
      }
      row.ms.push(sample.ms);
      if (sample.rssKb !== null) row.rssKb.push(sample.rssKb);
      if (entry.tool.key === 'check-node') recordPhases(rows, sample.stderr);
      log(`    ${entry.tool.label}: ${short(sample.ms)}${sample.rssKb === null ? '' : `, ${Math.round(sample.rssKb / 1024)} MB`}`);
    }
    const floor = await catalogFloorMs(target.url, 'public');
    rows.get('floor')!.ms.push(floor);
    log(`    floor (catalog queries through pg): ${short(floor)}`);
  }
  for (const [key, row] of rows) if (row.failed) log(`  ${key}: ${row.failed}`);
  return { label: target.label, tables: target.tables, rows };
}

/** Other work on the machine skews every figure: the report says how busy it was. */
const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

async function describeEnvironment(adminUrl: string, description: string, options: Options, probe: MemoryProbe): Promise<Environment> {
  const version = await withConnection(adminUrl, async (client) => (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v);
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    mode: options.quick ? 'quick' : `full, ${options.reps} repetitions`,
    cpus: `${os.availableParallelism()} CPUs (${cpus[0]?.model.trim() ?? 'unknown model'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    postgres: `${version} (${description})`,
    load: `at start ${loadAverage()}`,
    notes: probe.kind === 'time' ? [] : [probe.reason],
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    log(HELP);
    return;
  }
  const started = performance.now();
  const workDir = await tempDir('aiforce-db-bench-');
  const probe = memoryProbe(scriptsDir);
  if (probe.kind !== 'time') log(`note: ${probe.reason}`);
  const server = await openServer();
  const environment = await describeEnvironment(server.adminUrl, server.description, options, probe);
  log(`bench: ${environment.mode}; ${environment.cpus}; Node ${environment.node}; PostgreSQL ${environment.postgres}`);
  const context: BuildContext = { adminUrl: server.adminUrl, root, workDir, probe, log, notes: environment.notes };
  const results: SizeResult[] = [];
  let tools: Tool[] | undefined;
  for (const size of options.sizes) {
    log(`== ${size.toLocaleString('en-US')} tables`);
    const target = size === 32 ? await buildRealTarget(context) : await buildSyntheticTarget(context, size);
    // Dropped as soon as it is measured; on Ctrl-C by cleanup (which matters on a BENCH_DATABASE_URL server).
    cleanups.push(target.drop);
    try {
      const first = tools === undefined;
      tools ??= await prepareTools({ root, workDir, probe, timeoutMs: RUN_TIMEOUT_MS, log }, target);
      results.push(await measureTarget(target, tools, options, probe, workDir, first));
    } finally {
      cleanups.splice(cleanups.indexOf(target.drop), 1);
      await target.drop();
    }
  }
  environment.notes.push(...(tools ?? []).flatMap((tool) => (tool.note ? [tool.note] : [])));
  environment.load += `; at end ${loadAverage()}`;
  log(`\n${figuresTable(results)}\n\nTargets:\n${targetsList(results)}`);
  if (options.quick) {
    log(`\nquick run done in ${short(performance.now() - started)}: docs/benchmarks.md left as it is (a full run writes it)`);
    return;
  }
  const file = path.join(root, 'docs', 'benchmarks.md');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, markdown(environment, results));
  log(`\nwrote ${path.relative(process.cwd(), file) || file} in ${short(performance.now() - started)} total`);
}

let interrupted = false;
function onSignal(signal: NodeJS.Signals): void {
  interrupted = true;
  log(`\n${signal}: stopping the runs and the database server`);
  killActiveChildren();
  void cleanup().finally(() => process.exit(130));
}
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

main()
  .catch((error: unknown) => {
    // After Ctrl-C, the failure is only the interrupted run seeing its server go away.
    if (interrupted) return;
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(cleanup);

