/**
 * What is timed on each target: the checker as users start it (the `aiforce-db` bin, the headline figure; the
 * `npm run db:check` alias) and bare (`node` with the alias's options), and the peers that read the same
 * database. Each tool says up front whether it can run here; one that cannot is reported with the reason.
 * Node tools run as `node <cli>` (what npx would start, without npx's own start-up), so ratios compare the
 * tools rather than npm.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { lastLine, runTimed, type Command, type MemoryProbe, type Sample } from './measure.js';
import { prismaCli } from '../../src/database/prisma-cli.js';
import type { Target } from './targets.js';

export type ToolKey = 'check-bin' | 'check-npm' | 'check-node' | 'prisma' | 'migra' | 'apgdiff';

export interface Tool {
  key: ToolKey;
  label: string;
  /** The command for a target, or why it cannot run on it. */
  command(target: Target): Command | { skipped: string };
  /** Null when the run did what it should, else the reason to stop measuring it. */
  verdict(sample: Sample): string | null;
  /** Printed under the table: work-arounds and what exactly was run. */
  note?: string;
}

export interface ToolContext {
  root: string;
  workDir: string;
  probe: MemoryProbe;
  timeoutMs: number;
  log: (line: string) => void;
}

const exitedZero = (sample: Sample) => (sample.code === 0 ? null : `exit ${sample.code}: ${lastLine(sample.stderr || sample.stdout)}`);

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, bin)));
}

/**
 * The node arguments of `npm run db:check` (its script is `node [options] FILE check`), so the bare run is the
 * same program, with the same Node options, without npm; the bin's when the script has another shape.
 */
function checkInvocation(root: string, bin: string): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts;
  const [node, ...args] = (scripts?.['db:check'] ?? '').trim().split(/\s+/);
  return node === 'node' && args.some((arg) => !arg.startsWith('-')) ? args : [bin, 'check'];
}

function checkTools(context: ToolContext): Tool[] {
  const { bin: binFile } = JSON.parse(readFileSync(path.join(context.root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const bin = binFile['aiforce-db']!;
  const invocation = checkInvocation(context.root, bin);
  const entry = invocation.find((arg) => !arg.startsWith('-'))!;
  const missing = [bin, entry].find((file) => !existsSync(path.join(context.root, file)));
  const command = (cmd: string, prefix: string[]) => (target: Target) => {
    if (missing) return { skipped: `${missing} does not exist (not built yet)` };
    if ('skipped' in target.check) return { skipped: target.check.skipped };
    return { cmd, args: [...prefix, '--timings', ...target.check.args], env: { DATABASE_URL: target.url }, cwd: context.root, timeoutMs: context.timeoutMs };
  };
  // Exit 1 would mean drift against its own snapshot: a wrong answer, so the run does not count.
  return [
    // The bin file itself, as a shell starts `aiforce-db` from node_modules/.bin: its shebang finds node on PATH.
    { key: 'check-bin', label: '`aiforce-db check`', command: command(path.join(context.root, bin), ['check']), verdict: exitedZero },
    { key: 'check-npm', label: '`npm run db:check`', command: command('npm', ['run', 'db:check', '--']), verdict: exitedZero },
    { key: 'check-node', label: `\`node ${invocation.join(' ')}\``, command: command(process.execPath, invocation), verdict: exitedZero },
  ];
}

/** Prisma's own introspection, with this project's prisma.config.ts (and so its adapter work-arounds). */
async function prismaTool(context: ToolContext, first: Target): Promise<Tool> {
  const run = (target: Target): Command => ({
    cmd: process.execPath,
    args: [prismaCli, 'db', 'pull', '--print'],
    env: { DATABASE_URL: target.url },
    cwd: context.root,
    timeoutMs: context.timeoutMs,
  });
  const tool: Tool = { key: 'prisma', label: '`prisma db pull --print`', command: run, verdict: exitedZero };
  const preflight = await runTimed(run(first), context.probe, path.join(context.workDir, 'preflight.rss'));
  return preflight.code === 0 ? tool : { ...tool, command: () => ({ skipped: `fails here: ${lastLine(preflight.stderr)}` }) };
}

function migraTool(context: ToolContext): Tool {
  let cli: string | null = null;
  try {
    cli = path.join(path.dirname(createRequire(import.meta.url).resolve('@pgkit/migra')), 'command.js');
  } catch {
    // reported as skipped below
  }
  return {
    key: 'migra',
    label: '`@pgkit/migra` (target vs copy)',
    command: (target) =>
      cli
        ? { cmd: process.execPath, args: [cli, 'run', target.url, target.copyUrl], cwd: context.root, timeoutMs: context.timeoutMs }
        : { skipped: '@pgkit/migra is not installed (npm ci)' },
    // migra exits 0 either way: identical databases must give an empty script.
    verdict: (sample) => exitedZero(sample) ?? (sample.stdout.trim() ? 'printed differences between two identical databases' : null),
  };
}

/** apgdiff compares two `pg_dump --schema-only` files; the pg_dumps are part of what it costs. */
async function apgdiffTool(context: ToolContext, first: Target): Promise<Tool> {
  const label = '`apgdiff` (2 × pg_dump -s, then diff)';
  const skipped = (reason: string): Tool => ({ key: 'apgdiff', label, command: () => ({ skipped: reason }), verdict: exitedZero });
  if (!onPath('apgdiff')) return skipped('apgdiff is not installed (apt package "apgdiff")');
  if (!onPath('pg_dump')) return skipped('pg_dump is not installed (apt package "postgresql-client")');
  const trial = await runTimed(
    { cmd: 'pg_dump', args: ['--schema-only', '--file', '/dev/null', first.url], cwd: context.root, timeoutMs: context.timeoutMs },
    context.probe,
    path.join(context.workDir, 'preflight.rss'),
  );
  if (trial.code !== 0) {
    const detail = trial.stderr.split('\n').map((line) => line.replace(/^pg_dump: (error|detail): /, '').trim()).filter(Boolean).join('; ');
    return skipped(`pg_dump cannot dump this server: ${detail}`);
  }
  // Current pg_dump releases write psql's \restrict/\unrestrict lines, which apgdiff 2.7 cannot parse.
  const dump = (url: string, file: string) => `pg_dump --schema-only --file "$DIR/${file}.raw" "$${url}" && grep -vE '^.(un)?restrict ' "$DIR/${file}.raw" > "$DIR/${file}.sql"`;
  const script = `${dump('A', 'a')} && ${dump('B', 'b')} && apgdiff "$DIR/a.sql" "$DIR/b.sql"`;
  return {
    key: 'apgdiff',
    label,
    note: 'apgdiff: the \\restrict/\\unrestrict lines that pg_dump writes since 15.14 are filtered out of both dumps (apgdiff 2.7 stops on them); the filtering is timed with the rest',
    command: (target) => ({ cmd: 'sh', args: ['-c', script], env: { A: target.url, B: target.copyUrl, DIR: context.workDir }, cwd: context.root, timeoutMs: context.timeoutMs }),
    verdict: (sample) => exitedZero(sample) ?? (sample.stdout.trim() ? 'printed differences between two identical databases' : null),
  };
}

/** Decides once, on the first target, what can run here (trial runs for Prisma and pg_dump). */
export async function prepareTools(context: ToolContext, first: Target): Promise<Tool[]> {
  return [...checkTools(context), await prismaTool(context, first), migraTool(context), await apgdiffTool(context, first)];
}
