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

export function renderReport(result: CheckResult, format: ReportFormat, color: boolean): string {
  switch (format) {
    case 'human':
      return renderHuman(result, { color });
    case 'json':
      return renderJson(result);
    case 'markdown':
      return renderMarkdown(result);
    case 'github':
      return renderGithub(result);
    case 'sarif':
      return renderSarif(result);
    case 'junit':
      return renderJunit(result);
  }
}

export { renderFixSql, renderHuman };
export { groupByTable } from './human.js';
