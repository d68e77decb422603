import type { Finding } from '../findings/finding.js';
import { groupByTable } from '../report/index.js';
import { chartPoints, renderChartSvg } from './chart.js';
import { findingKey } from './diff.js';
import { plural } from '../report/words.js';
import { comparedWith, counts, firstLine, newFindings, STATUS_LABEL, summarySentence, when } from './format.js';
import { escapeHtml as h, oneLine } from '../report/escape.js';
import type { HistoryEntry } from './history.js';
import type { NightlyReport, TargetReport } from './report.js';

// No scripts, fonts or images: the page must open from disk and make no request (the CSP below enforces it).
const STYLE = `
:root{color-scheme:light;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--ok:#1a7f37;--drift:#cf222e;--error:#9a6700;--new:#0969da}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg)}
main{max-width:1080px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 4px}h3{font-size:15px;margin:16px 0 6px}h4{font-size:13px;margin:14px 0 4px;font-family:ui-monospace,monospace}
.meta{color:var(--muted);margin:0 0 12px}code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}th{background:var(--bg);font-weight:600}
.badge{display:inline-block;white-space:nowrap;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;vertical-align:middle}
.badge.ok{background:var(--ok)}.badge.drift{background:var(--drift)}.badge.error{background:var(--error)}.badge.new{background:var(--new)}
.sev-error{color:var(--drift)}.sev-warning{color:var(--error)}
.changes{display:grid;grid-template-columns:1fr 1fr;gap:16px}.changes>div{border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.changes ul{margin:0;padding-left:18px}.changes .none{color:var(--muted)}.resolved li{color:var(--ok)}
.failure{border-left:4px solid var(--error);background:#fff8c5;padding:8px 12px}
details pre{background:var(--bg);padding:8px;margin:4px 0;white-space:pre-wrap}
.chart{max-width:100%;height:auto}.chart rect{fill:var(--new)}.chart .failed{fill:#bf8700}.chart .axis{stroke:var(--line)}.chart text{fill:var(--muted);font-size:11px}.chart .value{text-anchor:middle}
footer{margin-top:40px;color:var(--muted);font-size:12px}
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// Names and values inline: escaped, with line breaks and controls shown (HTML would fold them into spaces).
const inline = (text: string) => h(oneLine(text));
const badge = (kind: string, text: string) => `<span class="badge ${kind}">${h(text)}</span>`;
const ref = (finding: { code: string; path: string }) => `<code>${inline(finding.code)}</code> <code>${inline(finding.path)}</code>`;
const optional = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '—' : `<code>${inline(value)}</code>`);

function changes(target: TargetReport): string {
  const fresh = newFindings(target);
  const list = (items: string[], none: string) => (items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : `<p class="none">${none}</p>`);
  return `<div class="changes">
<div class="new"><h3>New since the previous run (${fresh.length})</h3>${list(fresh.map((f) => `${ref(f)}: ${inline(firstLine(f.message))}`), 'nothing new')}</div>
<div class="resolved"><h3>Resolved since the previous run (${target.resolved.length})</h3>${list(target.resolved.map((r) => `✔ ${ref(r)}`), 'nothing resolved')}</div>
</div>`;
}

function findingRow(finding: Finding, fresh: Set<string>): string {
  const where = finding.location ? `<div class="meta mono">${h(finding.location.file)}:${finding.location.line}</div>` : '';
  const fix = finding.fix ? `<details><summary>Suggested SQL</summary><pre>${h(finding.fix)}</pre></details>` : '';
  return `<tr><td class="sev-${finding.severity}">${finding.severity}</td><td>${ref(finding)} ${fresh.has(findingKey(finding)) ? badge('new', 'new') : ''}<div>${inline(finding.message)}</div>${where}${fix}</td><td>${optional(finding.expected)}</td><td>${optional(finding.actual)}</td></tr>`;
}

function findingTables(target: TargetReport): string {
  if (target.findings.length === 0) return '<p>No findings: the database matches the schema.</p>';
  const fresh = new Set(target.new.map(findingKey));
  const groups = [...groupByTable(target.findings)].map(
    ([table, findings]) =>
      `<h4>${inline(table === '(schema)' ? `${target.schema} (types)` : `${target.schema}.${table}`)}</h4><table><thead><tr><th>Severity</th><th>Finding</th><th>Expected</th><th>Actual</th></tr></thead><tbody>${findings.map((f) => findingRow(f, fresh)).join('')}</tbody></table>`,
  );
  return `<h3>All findings (${target.findings.length})</h3>${groups.join('\n')}`;
}

function targetSection(target: TargetReport): string {
  const where = [target.database ? `<code>${h(target.database)}</code>` : null, `schema <code>${inline(target.schema)}</code>`, target.serverVersion ? `PostgreSQL ${h(target.serverVersion)}` : null];
  const head = `<section class="target" id="target-${h(target.name)}"><h2>${h(target.name)} ${badge(target.status, STATUS_LABEL[target.status])}</h2><p class="meta">${where.filter(Boolean).join(', ')}</p>`;
  if (target.status === 'error') return `${head}<p class="failure"><strong>Could not be checked:</strong> ${h(target.error ?? '')}</p></section>`;
  return `${head}<p>${plural(target.findings.length, 'finding')}; ${h(comparedWith(target))}.</p>${changes(target)}${findingTables(target)}</section>`;
}

function overview(report: NightlyReport): string {
  const rows = report.targets.map(
    (t) =>
      `<tr><td><a href="#target-${h(t.name)}">${h(t.name)}</a></td><td>${badge(t.status, STATUS_LABEL[t.status])}</td>${counts(t).map((cell) => `<td>${cell}</td>`).join('')}<td>${optional(t.database)}</td></tr>`,
  );
  return `<table class="overview"><thead><tr><th>Environment</th><th>Status</th><th>Findings</th><th>New</th><th>Resolved</th><th>Database</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** report.html: one self-contained page (inline CSS and SVG, no script), readable straight from disk. `runs` include this one. */
export function renderNightlyHtml(report: NightlyReport, runs: readonly HistoryEntry[]): string {
  const points = chartPoints(runs);
  const title = `aiforce-db drift report ${report.generatedAt.slice(0, 10)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>aiforce-db nightly drift report</h1>
<p class="meta">${h(when(report.generatedAt))} · ${h(summarySentence(report))}</p>
${overview(report)}
<section class="history"><h2>Findings per run</h2><p class="meta">Total findings over the checked targets, one bar per run (the last ${plural(points.length, 'run')}); an orange dot marks a run in which some target could not be checked.</p>
${renderChartSvg(points)}</section>
${report.targets.map(targetSection).join('\n')}
<footer>Generated by <code>npm run db:report</code>. Suggested SQL is never run by aiforce-db: review it before running it.</footer>
</main>
</body>
</html>
`;
}
