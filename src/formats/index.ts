import type { CheckResult } from '../check/result.js';
import { renderFixSql } from './fix-sql.js';
import { renderGithub } from './github.js';
import { renderHuman } from './human.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

export const REPORT_FORMATS = ['human', 'json', 'markdown', 'github', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * One check's report. `verbose` lists every finding of a database that looks unmigrated (human, markdown and
 * github name its missing objects otherwise); json, sarif and junit always carry every finding.
 */
export function renderReport(result: CheckResult, format: ReportFormat, color: boolean, verbose = false): string {
  switch (format) {
    case 'human':
      return renderHuman(result, { color, verbose });
    case 'json':
      return renderJson(result);
    case 'markdown':
      return renderMarkdown(result, verbose);
    case 'github':
      return renderGithub(result, verbose);
    case 'sarif':
      return renderSarif(result);
    case 'junit':
      return renderJunit(result);
  }
}

export { renderFixSql, renderHuman };
export { groupByTable } from './human.js';
