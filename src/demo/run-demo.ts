import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { promisify } from 'node:util';
import type { CheckResult } from '../check/result.js';
import { runCheck } from '../check/run-check.js';
import { withConnection } from '../database/connect.js';
import { runPrisma } from '../database/prisma-cli.js';
import { maskSecrets } from '../database/url.js';
import { loadProject, packageRoot } from '../config/project.js';
import { isProgrammingError } from '../errors/explain.js';
import { UserError } from '../errors/index.js';
import { findingKey } from '../report/diff.js';
import { projectCheckOptions } from '../check/project-options.js';
import { renderFixSql, renderHuman } from '../formats/index.js';
import { style, type Style } from '../formats/style.js';
import { compareWithPlanted, DEMO_DRIFTS } from './drifts.js';
import { now } from '../process/clock.js';
import { createProgress, elapsed, type Progress } from './progress.js';
import { onInterrupt, ThrowawayServer } from './throwaway.js';

const STEPS = 6;
const SEED_SCRIPT = path.join(packageRoot, 'dist', 'cli', 'seed.js');

export interface DemoIO {
  /** Where the story goes, one line at a time. */
  out(line: string): void;
  /** Where a spinner may animate (when it is a terminal). */
  progressStream: NodeJS.WriteStream;
  color: boolean;
}

const indent = (text: string) => text.trimEnd().split('\n').map((line) => (line ? `    ${line}` : line));

/** A step that did not behave: exit 1 when it ran but gave another result, 2 when it could not run; a bug stays a bug. */
function stepFailure(step: number, name: string, error: unknown): unknown {
  if (isProgrammingError(error)) return error;
  const exitCode = error instanceof UserError ? error.exitCode : 2;
  const reason = maskSecrets((error instanceof Error ? error.message : String(error)).split('\n')[0]!);
  return new UserError(`demo step ${step}/${STEPS} (${name}) failed: ${reason}`, exitCode);
}

async function seedSample(url: string, signal: AbortSignal): Promise<string> {
  if (!existsSync(SEED_SCRIPT)) throw new UserError(`${path.relative(process.cwd(), SEED_SCRIPT)} is missing: run npm run build`);
  // A fresh password per run: the admin exists only in this throw-away database, so nobody needs to know it.
  const env = { ...process.env, DATABASE_URL: url, SEED_ADMIN_PASSWORD: randomBytes(18).toString('base64url') };
  try {
    return (await promisify(execFile)(process.execPath, [SEED_SCRIPT, '--sample'], { env, cwd: packageRoot, signal })).stdout;
  } catch (error) {
    const reason = errorLine((error as { stderr?: string }).stderr ?? '') ?? (error as Error).message;
    throw new UserError(`node dist/cli/seed.js --sample failed: ${reason}`);
  }
}

/** The telling line of a failed command's stderr: our CLIs' `error: ...`, else the thrown error of a crash. */
function errorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.findLast((line) => line.startsWith('error:')) ?? lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.at(-1);
}

async function appliedMigrations(url: string): Promise<string[]> {
  return withConnection(url, async (client) =>
    (await client.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name')).rows.map((row) => row.migration_name),
  );
}

type Step = <T>(name: string, title: string, work: () => Promise<T>, done: (value: T) => string, slow?: string) => Promise<T>;

/** Numbers the steps; each prints its one-line explanation, runs (with progress when slow) and closes with its result. */
function stepper(io: DemoIO, c: Style, progress: Progress): Step {
  let step = 0;
  return async (name, title, work, done, slow) => {
    step += 1;
    io.out(`\n${c('bold', `${step}/${STEPS}`)} ${title}`);
    const started = now();
    try {
      const value = slow ? await progress(slow, work) : await work();
      io.out(`    ${c('green', '✔')} ${done(value)} ${c('dim', `(${elapsed(started)})`)}`);
      return value;
    } catch (error) {
      throw stepFailure(step, name, error);
    }
  };
}

/** What is wrong with the second check, if anything: it must report exactly the planted drifts, each with its SQL. */
function plantedProblems(result: CheckResult): string[] {
  const { missing, unexpected } = compareWithPlanted(result.findings, DEMO_DRIFTS);
  const withoutFix = result.findings.filter((finding) => !finding.fix).map(findingKey);
  return [
    ...(missing.length ? [`missed ${missing.join(', ')}`] : []),
    ...(unexpected.length ? [`also reported ${unexpected.join(', ')}`] : []),
    ...(withoutFix.length ? [`no suggested SQL for ${withoutFix.join(', ')}`] : []),
  ];
}

/**
 * `npm run demo`: the whole job on a throw-away PostgreSQL, step by step: start, migrate, seed, check (no drift),
 * plant three drifts, check again (exactly those three, with suggested SQL), clean up. Throws a UserError naming
 * the step that did not behave.
 */
export async function runDemo(io: DemoIO): Promise<void> {
  const started = now();
  const c = style(io.color);
  // aiforce-db's own schema, wherever the demo is started from.
  const { paths } = await loadProject(packageRoot);
  const check = async (url: string): Promise<CheckResult> => (await runCheck(projectCheckOptions(url, paths, { data: true }))).result;
  let box: ThrowawayServer | undefined;
  const interrupted = new AbortController();
  const progress: Progress = createProgress(io.progressStream, interrupted.signal);
  const release = onInterrupt((signal) => {
    interrupted.abort();
    io.out(`\n${signal}: stopping the throw-away PostgreSQL${box ? ` and deleting ${box.home}` : ''}`);
    void Promise.resolve(box?.dispose()).finally(() => process.exit(128 + os.constants.signals[signal]));
  });

  const run = stepper(io, c, progress);

  io.out(c('bold', 'aiforce-db demo: migrate, seed and drift-check a throw-away PostgreSQL, then break it on purpose and catch it.'));
  if (process.env.DATABASE_URL) io.out(c('dim', 'DATABASE_URL is set, but the demo never uses it: all of this happens in a temporary server.'));
  try {
    const { url } = await run(
      'start PostgreSQL',
      "Starting a throw-away PostgreSQL in a new temporary folder (not the project's .aiforce-db)",
      async () => {
        box = await ThrowawayServer.create();
        return { ...(await box.start()), home: box.home };
      },
      (db) => `running on 127.0.0.1:${db.port} with its data in ${db.home}, empty database "aiforce"`,
      'starting PostgreSQL',
    );

    await run(
      'apply the migrations',
      'Applying prisma/migrations with a real `prisma migrate deploy`',
      async () => {
        await runPrisma(['migrate', 'deploy'], url, { capture: true, cwd: packageRoot });
        return appliedMigrations(url);
      },
      (names) => `applied ${names.length} migration(s): ${names.join(', ')}`,
      'prisma migrate deploy',
    );

    await run(
      'seed the sample data',
      'Seeding the rows the spec requires plus a browsing sample: node dist/cli/seed.js --sample (admin password generated, not shown)',
      async () => {
        const output = await seedSample(url, interrupted.signal);
        io.out(c('dim', indent(output).join('\n')));
        return output.split('\n')[0]!;
      },
      (headline) => headline,
      'seeding',
    );

    await run(
      'check, expecting no drift',
      'Checking the database against prisma/schema.lock.json, the spec contract and the required rows: expecting no drift',
      async () => {
        const result = await check(url);
        io.out(indent(renderHuman(result, { color: io.color })).join('\n'));
        if (result.findings.length) throw new UserError(`expected no drift right after migrate and seed, found ${result.findings.map(findingKey).join('; ')}`, 1);
        return result;
      },
      () => 'as expected: the freshly migrated and seeded database matches the schema',
      'checking',
    );

    await run(
      'introduce drift',
      'Introducing drift by hand, the way changes slip into a live database outside the migrations:',
      async () => {
        for (const drift of DEMO_DRIFTS) io.out(`    ${c('yellow', `${drift.sql};`)} ${c('dim', `-- ${drift.story}`)}`);
        await withConnection(url, async (client) => {
          for (const drift of DEMO_DRIFTS) await client.query(drift.sql);
        });
      },
      () => `${DEMO_DRIFTS.length} changes made without a migration`,
    );

    await run(
      'check again',
      `Checking again: expecting exactly those ${DEMO_DRIFTS.length} findings, each with suggested SQL`,
      async () => {
        const result = await check(url);
        io.out(indent(renderHuman(result, { color: io.color, fixes: false })).join('\n'));
        io.out(`\n    ${c('bold', 'Suggested SQL')} ${c('dim', '(printed for review, never run by aiforce-db):')}`);
        io.out(indent(renderFixSql(result)).join('\n'));
        const problems = plantedProblems(result);
        if (problems.length) throw new UserError(`the check did not report exactly the planted drifts: ${problems.join('; ')}`, 1);
        return result;
      },
      (result) => `found exactly the ${result.findings.length} planted drifts: ${result.findings.map((f) => f.path).join(', ')}`,
      'checking',
    );
  } finally {
    release();
    if (box) {
      await box.dispose();
      io.out(`\nCleaned up: stopped the throw-away PostgreSQL and deleted ${box.home}.`);
    }
  }
  io.out(c(['green', 'bold'], `✔ Demo finished in ${elapsed(started)}: every step behaved as expected.`));
  io.out(c('dim', 'Next: `npx aiforce-db check` checks your own database (DATABASE_URL, or the embedded one); `npx aiforce-db report` writes the nightly report.'));
}
