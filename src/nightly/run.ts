import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { checkTarget, type CheckPolicy, type Target, type TargetOutcome } from './check-target.js';
import { writeHistory, type HistoryEntry } from './history.js';
import { renderNightlyHtml } from './html.js';
import { renderNightlyMarkdown } from './markdown.js';
import { toHistoryEntry, type NightlyReport } from './report.js';

/** Checks every target, at most `concurrency` at a time; outcomes keep the targets' order. */
export function checkTargets(targets: readonly Target[], concurrency: number, policy: CheckPolicy = {}): Promise<TargetOutcome[]> {
  const limit = pLimit(concurrency);
  return Promise.all(targets.map((target) => limit(() => checkTarget(target, policy))));
}

export interface WrittenReport {
  files: string[];
  historyFile: string;
}

/** Writes report.json, report.md and report.html to `outDir`, then this run's entry to `historyDir`. */
export async function writeReport(report: NightlyReport, earlier: readonly HistoryEntry[], outDir: string, historyDir: string): Promise<WrittenReport> {
  const entry = toHistoryEntry(report);
  const contents: Array<[string, string]> = [
    ['report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['report.md', renderNightlyMarkdown(report)],
    ['report.html', renderNightlyHtml(report, [...earlier, entry])],
  ];
  await mkdir(outDir, { recursive: true });
  const files = await Promise.all(contents.map(async ([name, text]) => {
    const file = path.join(outDir, name);
    await writeFile(file, text);
    return file;
  }));
  // Last, so a run that failed to write its report leaves no history entry behind.
  return { files, historyFile: await writeHistory(historyDir, entry) };
}
