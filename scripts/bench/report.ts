/**
 * Turns the samples into the figures table (median, min/max, peak RSS, ratios), the PASS/MISS list of the
 * issue's targets, and docs/benchmarks.md.
 */
import { stats } from './measure.js';

export type RowKey = 'check-bin' | 'check-npm' | 'check-node' | 'snapshot' | 'compare' | 'phases' | 'floor' | 'prisma' | 'migra' | 'apgdiff';

export interface Row {
  label: string;
  ms: number[];
  rssKb: number[];
  /** Set when the row was not measured at all, or stopped after a wrong run. */
  skipped?: string;
  failed?: string;
}

export interface SizeResult {
  label: string;
  tables: number;
  rows: Map<RowKey, Row>;
}

export interface Environment {
  date: string;
  mode: string;
  cpus: string;
  node: string;
  postgres: string;
  load: string;
  notes: string[];
}

const PEERS: RowKey[] = ['prisma', 'migra', 'apgdiff'];
const ROW_ORDER: RowKey[] = ['check-bin', 'check-npm', 'check-node', 'snapshot', 'compare', 'phases', 'floor', ...PEERS];

const median = (row: Row | undefined): number | null => (row && !row.failed ? (stats(row.ms)?.median ?? null) : null);
const peakMb = (row: Row | undefined): number | null => (row?.rssKb.length ? Math.max(...row.rssKb) / 1024 : null);

function duration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function ratio(result: SizeResult, key: RowKey): string {
  const own = median(result.rows.get(key));
  if (own === null) return '';
  const against = (base: RowKey, name: string) => {
    const value = median(result.rows.get(base));
    return value ? `${(own / value).toFixed(1)}× ${name}` : '';
  };
  if (PEERS.includes(key)) return against('check-node', 'db:check');
  if (key === 'phases' || key === 'check-node') return against('floor', 'floor');
  return '';
}

function tableRow(result: SizeResult, key: RowKey, row: Row): string {
  // Reasons quote tool output, which must not split the markdown cell.
  const cells = (rest: string[]) => `| ${result.label} | ${row.label} | ${rest.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  if (row.skipped) return cells(['—', `skipped: ${row.skipped}`, '', '', '', '']);
  const figures = stats(row.ms);
  if (row.failed || !figures) return cells([String(figures?.n ?? 0), `failed: ${row.failed ?? 'no sample'}`, '', '', '', '']);
  const rss = peakMb(row);
  return cells([String(figures.n), duration(figures.median), duration(figures.min), duration(figures.max), rss === null ? '' : `${rss.toFixed(0)} MB`, ratio(result, key)]);
}

export function figuresTable(results: SizeResult[]): string {
  const lines = ['| tables | measured | runs | median | min | max | peak RSS | ratio |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |'];
  for (const result of results) {
    for (const key of ROW_ORDER) {
      const row = result.rows.get(key);
      if (row) lines.push(tableRow(result, key, row));
    }
  }
  return lines.join('\n');
}

interface TargetCheck {
  text: string;
  /** null: not measured in this run. */
  value: number | null;
  pass: (value: number) => boolean;
  show: (value: number) => string;
}

function targetChecks(results: SizeResult[]): TargetCheck[] {
  const at = (tables: number) => results.find((result) => result.tables === tables);
  const rowMedian = (tables: number, key: RowKey) => median(at(tables)?.rows.get(key));
  const speedup = (tables: number, peer: RowKey) => {
    const other = rowMedian(tables, peer);
    const check = rowMedian(tables, 'check-node');
    return other !== null && check ? other / check : null;
  };
  const floorRatio = () => {
    const phases = rowMedian(10_000, 'phases');
    const floor = rowMedian(10_000, 'floor');
    return phases !== null && floor ? phases / floor : null;
  };
  const times = (value: number) => `${value.toFixed(1)}×`;
  const peers = [
    ['prisma', '`prisma db pull --print`'],
    ['migra', '`@pgkit/migra`'],
  ] as const;
  const sizes = [
    [32, '32'],
    [1000, '1,000'],
    [10_000, '10,000'],
  ] as const;
  const rss = (tables: number, key: RowKey) => peakMb(at(tables)?.rows.get(key));
  const megabytes = (v: number) => `${v.toFixed(0)} MB`;
  return [
    { text: '32 tables: `aiforce-db check` whole process under 0.4 s', value: rowMedian(32, 'check-bin'), pass: (v) => v < 400, show: duration },
    { text: '32 tables: `npm run db:check` whole process under 0.4 s', value: rowMedian(32, 'check-npm'), pass: (v) => v < 400, show: duration },
    ...sizes.flatMap(([tables, label]) =>
      peers.map(([peer, name]): TargetCheck => ({ text: `${label} tables: ≥5× faster than ${name}`, value: speedup(tables, peer), pass: (v) => v >= 5, show: times })),
    ),
    { text: '10,000 tables: ≥10× faster than `prisma db pull --print`', value: speedup(10_000, 'prisma'), pass: (v) => v >= 10, show: times },
    { text: '10,000 tables: `aiforce-db check` whole process under 3 s', value: rowMedian(10_000, 'check-bin'), pass: (v) => v < 3000, show: duration },
    { text: '10,000 tables: `aiforce-db check` peak RSS under 400 MB', value: rss(10_000, 'check-bin'), pass: (v) => v < 400, show: megabytes },
    { text: '10,000 tables: `npm run db:check` peak RSS under 400 MB', value: rss(10_000, 'check-npm'), pass: (v) => v < 400, show: megabytes },
    { text: '10,000 tables: snapshot + comparison within 3× the floor', value: floorRatio(), pass: (v) => v <= 3, show: times },
  ];
}

export function targetsList(results: SizeResult[]): string {
  return targetChecks(results)
    .map((check) => (check.value === null ? `- n/a  ${check.text}: not measured in this run` : `- ${check.pass(check.value) ? 'PASS' : 'MISS'} ${check.text}: ${check.show(check.value)}`))
    .join('\n');
}

export function markdown(environment: Environment, results: SizeResult[]): string {
  return `# Benchmarks

Written by \`npm run bench${environment.mode === 'quick' ? ' -- --quick' : ''}\` (scripts/bench.ts) on ${environment.date}; run it again rather than editing this file.

- Machine: ${environment.cpus}; load average (1, 5, 15 min) ${environment.load}
- Node ${environment.node}; PostgreSQL ${environment.postgres}
- Mode: ${environment.mode}

## Figures

${figuresTable(results)}

Ratios: a peer's median over the bare db:check run's median (\`node FILE\`, the program \`npm run db:check\` starts: how many times slower the peer is); for db:check rows, their median over the floor's.

## Targets

Printed, never asserted in tests.

${targetsList(results)}

## How it is measured

- The headline is \`aiforce-db check\`: the bin file started directly, as a shell starts it from node_modules/.bin (its shebang runs the \`node\` on PATH), which is also what \`npx aiforce-db check\` runs after npx's own start-up. \`npm run db:check\` adds npm's start-up; the bare \`node …\` row is that script's program without npm, started by the benchmark's own Node.
- Every tool runs as a whole process, start to exit (spawn to close), on the same database in the same run; the repetitions are interleaved (each round runs every tool once) and one untimed warm-up round runs before the first size. Peak RSS is GNU time's \`%M\` (the largest process of the command's tree), the highest over the runs.
- 32 tables: the real schema, applied with \`prisma migrate deploy\` and seeded with \`seed --sample\` when built; db:check compares it with the committed prisma/schema.lock.json and the spec contract, as CI does. 1,000 and 10,000 tables: a synthetic schema (scripts/bench/synthetic.ts: about 20 columns per table, varied types and defaults, uuid and identity keys, unique, two-column and partial indexes, foreign keys, 4 enums) created with one script in one round trip; db:check compares it with a lock of itself (\`lock.js --from-url\`, then \`--expected FILE --no-rules\`), so the answer is "no drift" and every run does the full work.
- snapshot and comparison are db:check's own \`--timings\` phases from the bare runs; the floor is its catalog queries (every kind's, as one batch) run through \`pg\` in a fresh session on one connection, timing only the queries and their transfer (db:check shares them between two connections, so its snapshot can come close to the floor or below it).
- Peers: \`prisma db pull --print\` with this project's prisma.config.ts (DATABASE_URL set); \`@pgkit/migra\` diffing the target with a copy of itself (CREATE DATABASE … TEMPLATE); \`apgdiff\` on two \`pg_dump --schema-only\` files, the dumps included. Node tools run as \`node <cli>\` (what npx would start) so ratios compare the tools, not npm's start-up. A run that exits non-zero, or finds differences between identical databases, stops that tool's measurement at that size.
${environment.notes.map((note) => `- ${note}`).join('\n')}
`;
}
