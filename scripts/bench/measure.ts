/**
 * Runs one command as a whole process and measures what a CI step pays: wall time from spawn to exit,
 * and peak resident memory. Every child runs in its own process group so a timeout or Ctrl-C ends its
 * whole tree (npm -> node, sh -> pg_dump).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Command {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd: string;
  timeoutMs: number;
}

export interface Sample {
  ms: number;
  /** Peak RSS in KiB; null when it could not be measured (non-Node command without /usr/bin/time). */
  rssKb: number | null;
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * How peak RSS is read. GNU time reports the largest RSS of the command or any of its descendants.
 * Without it, a Node preload (rss-probe) writes process.resourceUsage().maxRSS of each Node process on exit.
 */
export type MemoryProbe = { kind: 'time'; bin: string } | { kind: 'node-preload'; probe: string; reason: string };

const GNU_TIME = '/usr/bin/time';
/** Bytes of stdout kept for diagnostics; the rest is counted only, so a huge `db pull` print costs no memory here. */
const STDOUT_KEEP = 64 * 1024;

export function memoryProbe(scriptsDir: string): MemoryProbe {
  if (existsSync(GNU_TIME)) return { kind: 'time', bin: GNU_TIME };
  return {
    kind: 'node-preload',
    probe: path.join(scriptsDir, 'bench', 'rss-probe.js'),
    reason: `${GNU_TIME} is absent (apt package "time"): peak RSS is read inside each Node process instead, and not at all for apgdiff`,
  };
}

/** Children still running, so a signal handler can end them. */
const activeChildren = new Set<ChildProcess>();

export function killActiveChildren(): void {
  for (const child of activeChildren) {
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function wrap(command: Command, probe: MemoryProbe, rssFile: string): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
  const env = { ...process.env, ...command.env };
  if (probe.kind === 'time') return { cmd: probe.bin, args: ['-f', '%M', '-o', rssFile, command.cmd, ...command.args], env };
  const preload = `--import=${pathToFileURL(probe.probe).href}`;
  return { cmd: command.cmd, args: command.args, env: { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} ${preload}`.trim(), BENCH_RSS_FILE: rssFile } };
}

/** Largest KiB figure in the file: GNU time writes one (plus a status line on failure), the preload one per Node process. */
async function readPeakRss(file: string): Promise<number | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const values = text.split('\n').map((line) => Number(line.trim())).filter((value) => Number.isFinite(value) && value > 0);
  await rm(file, { force: true });
  return values.length ? Math.max(...values) : null;
}

export async function runTimed(command: Command, probe: MemoryProbe, rssFile: string): Promise<Sample> {
  const { cmd, args, env } = wrap(command, probe, rssFile);
  let stdout = '';
  let stderr = '';
  const start = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: command.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    activeChildren.add(child);
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), command.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < STDOUT_KEEP) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exit, signal) => {
      clearTimeout(timer);
      activeChildren.delete(child);
      if (signal) stderr += `\nkilled by ${signal} (time limit ${command.timeoutMs / 1000} s)`;
      resolve(exit ?? 128);
    });
  });
  const ms = performance.now() - start;
  return { ms, rssKb: await readPeakRss(rssFile), code, stdout, stderr };
}

export interface Stats {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function stats(values: number[]): Stats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { n: sorted.length, median, min: sorted[0]!, max: sorted.at(-1)! };
}

/** A one-line failure reason: the last line that reads like an error, else the last meaningful line. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('at ') && !/^Node\.js v/.test(line));
  const errors = lines.filter((line) => /error|fatal|failed|refused|unreachable|panicked/i.test(line));
  return (errors.at(-1) ?? lines.at(-1) ?? 'no output').slice(0, 240);
}
