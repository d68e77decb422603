import path from 'node:path';
import { now } from '../process/clock.js';
import pLimit from 'p-limit';
import { makeFolder, writeWholeSet } from '../config/output.js';
import { checkTarget, type CheckPolicy, type Target, type TargetLimits, type TargetOutcome } from './check-target.js';
import { drawSchemaPicture, type SchemaSource } from './diagram.js';
import { writeHistory, type HistoryEntry } from './run-history.js';
import { renderNightlyHtml } from './html.js';
import { renderNightlyMarkdown } from './markdown.js';
import { toHistoryEntry, type NightlyReport } from './report.js';

export interface TargetWatch {
  limits?: TargetLimits;
  /** Called as each target finishes, in the order they finish, with how long its check took. */
  onDone?: (outcome: TargetOutcome, elapsedMs: number) => void;
}

/** Checks every target, at most `concurrency` at a time, each within its limits; outcomes keep the targets' order. */
export function checkTargets(targets: readonly Target[], concurrency: number, policy: CheckPolicy, watch: TargetWatch = {}): Promise<TargetOutcome[]> {
  const limit = pLimit(concurrency);
  return Promise.all(
    targets.map((target) =>
      limit(async () => {
        const started = now();
        const outcome = await checkTarget(target, policy, watch.limits);
        watch.onDone?.(outcome, now() - started);
        return outcome;
      }),
    ),
  );
}

export interface WrittenReport {
  files: string[];
  historyFile: string;
}

/**
 * Writes report.json, report.md and report.html (with the schema diagram of `schema`) to `outDir`, all three or
 * none (one run's files never mixed with another's), then this run's entry to `historyDir`. A folder that
 * cannot be created or written is one line.
 */
export async function writeReport(report: NightlyReport, earlier: readonly HistoryEntry[], outDir: string, historyDir: string, schema: SchemaSource): Promise<WrittenReport> {
  const entry = toHistoryEntry(report);
  const contents: Array<[string, string]> = [
    ['report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['report.md', renderNightlyMarkdown(report)],
    ['report.html', renderNightlyHtml(report, [...earlier, entry], await drawSchemaPicture(report, schema))],
  ];
  const files = contents.map(([name, text]) => ({ file: path.join(outDir, name), text, label: `the report ${path.join(outDir, name)}` }));
  await makeFolder(outDir, 'the report folder');
  await writeWholeSet(files);
  // Last, so a run that failed to write its report leaves no history entry behind.
  return { files: files.map(({ file }) => file), historyFile: await writeHistory(historyDir, entry) };
}
