import type { Finding } from '../findings/finding.js';
import { fixPlan } from '../catalog/fix-plan.js';
import { groupByTable } from '../formats/index.js';
import { renderFixSql } from '../formats/fix-sql.js';
import { buildTrend, describePoint, renderTrendSvg, type Trend } from './chart.js';
import type { DriftMap } from './diagram.js';
import { findingKey } from './diff.js';
import { plural } from '../formats/words.js';
import { comparedWith, counts, firstLine, newFindings, statusLabel, summarySentence, when } from './format.js';
import { escapeHtml as h, oneLine } from '../formats/escape.js';
import type { HistoryEntry } from './run-history.js';
import type { NightlyReport, TargetReport } from './report.js';

// No scripts, fonts or images: the page must open from disk and make no request (the CSP below enforces it).
// Below 640 px, tables turn into one card per row, each cell labelled, so nothing is wider than the screen.
const STYLE = `
:root{color-scheme:light;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--ok:#1a7f37;--drift:#cf222e;--error:#9a6700;--new:#0969da;--carried:#8c959f}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);overflow-wrap:anywhere}
main{max-width:1180px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:36px 0 4px}h3{font-size:15px;margin:16px 0 6px}
.meta{color:var(--muted);margin:0 0 12px}code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}th{background:var(--bg);font-weight:600}
.badge{display:inline-block;white-space:nowrap;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;vertical-align:middle}
.badge.ok{background:var(--ok)}.badge.drift{background:var(--drift)}.badge.error{background:var(--error)}.badge.new{background:var(--new)}
.icon{width:16px;height:16px;vertical-align:-3px;flex:none}.sev{white-space:nowrap}.sev-error{color:var(--drift)}.sev-warning{color:var(--error)}
.changes{display:grid;grid-template-columns:1fr 1fr;gap:16px}.changes>div{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:0}
.changes ul{margin:0;padding-left:18px}.changes .none{color:var(--muted)}.resolved li{color:var(--ok)}
.failure{border-left:4px solid var(--error);background:#fff8c5;padding:8px 12px}
table.findings{table-layout:fixed}table.findings col.sev{width:96px}table.findings col.value{width:24%}table.findings col.arrow{width:24px}
tr.group th{background:#fff;border-bottom:2px solid var(--line);padding-top:14px;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
td.arrow{color:var(--muted);text-align:center;padding:6px 0}
.value code{display:inline-block;border-radius:4px;padding:1px 5px;max-width:100%}.expected code{background:#dafbe1}.actual code{background:#ffebe9}
.value mark{border-radius:2px;padding:0 1px}.expected mark{background:#aceebb}.actual mark{background:#ffcecb}.absent{color:var(--muted);font-style:italic}
details pre{background:var(--bg);padding:8px;margin:4px 0;white-space:pre-wrap}
.script summary{font-weight:600;cursor:pointer;margin-top:16px}
/* One click selects the whole script: copy it with Ctrl+C or the menu, no script needed. */
pre.copy-all{user-select:all;-webkit-user-select:all;border:1px solid var(--line);border-radius:6px;max-height:480px;overflow:auto}
.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:16px}
figure{margin:0}.multiple{border:1px solid var(--line);border-radius:6px;padding:8px 12px}.multiple figcaption{font-weight:600}
.chart{display:block;width:100%;height:auto}.chart .carried{fill:var(--carried)}.chart .new{fill:var(--new)}.chart .resolved{fill:var(--ok)}.chart .failed circle{fill:#bf8700}
.chart .hit{fill:transparent}.chart .axis{stroke:var(--line)}.chart text{fill:var(--muted);font-size:10px;font-family:system-ui,sans-serif}
.legend{list-style:none;padding:0;margin:0 0 12px;display:flex;flex-wrap:wrap;gap:4px 16px;color:var(--muted)}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}.swatch.carried{background:var(--carried)}.swatch.new{background:var(--new)}.swatch.resolved{background:var(--ok)}.swatch.failed{background:#bf8700;border-radius:50%}
table.runs td,table.runs th{padding:2px 6px;font-size:12.5px}
.zoom-label{display:inline-block;margin:0 0 8px}.diagram{border:1px solid var(--line);border-radius:6px;overflow:auto}
.zoom:not(:checked)~.diagram svg{width:100%;height:auto}.zoom:checked~.diagram{max-height:85vh}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media (max-width:640px){
main{padding:12px}.changes{grid-template-columns:1fr}h2{margin-top:28px}
table.cards,table.cards tbody,table.cards tr,table.cards td,table.cards th{display:block;width:100%}
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.cards tr{border:1px solid var(--line);border-radius:6px;margin:0 0 8px;padding:4px 10px}table.cards tr.group{border:0;padding:0;margin:12px 0 4px}
table.cards td{border:0;padding:3px 0}table.cards td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-weight:600}
table.cards td.arrow{display:none}
}
`;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// Inline icons, drawn here: no font or image to load, the same in every browser.
const ICON = {
  error: '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="7.5" fill="#cf222e"/><path d="M5.3 5.3l5.4 5.4M10.7 5.3l-5.4 5.4" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/></svg>',
  warning: '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 1.2l7.3 13.3H.7z" fill="#bf8700"/><path d="M8 6v4" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/><circle cx="8" cy="12.2" r="1" fill="#fff"/></svg>',
  resolved: '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="7.5" fill="#1a7f37"/><path d="M4.8 8.3l2.2 2.2 4.2-4.6" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>',
} as const;

// Names and values inline: escaped, with line breaks and controls shown (HTML would fold them into spaces).
const inline = (text: string) => h(oneLine(text));
const badge = (kind: string, text: string) => `<span class="badge ${kind}">${h(text)}</span>`;
const ref = (finding: { code: string; path: string }) => `<code>${inline(finding.code)}</code> <code>${inline(finding.path)}</code>`;
const optional = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '—' : `<code>${inline(value)}</code>`);
const severityCell = (finding: Finding) => `${ICON[finding.severity]} ${finding.severity}`;

/**
 * Expected and actual with what differs between them marked: the longest common start and end stay plain, the
 * rest of each side is highlighted (split on code points, so no character is cut in two).
 */
export function diffValues(expected: string | null | undefined, actual: string | null | undefined): [string, string] {
  const absent = '<span class="absent">none</span>';
  if (!expected || !actual) return [expected ? `<code>${inline(expected)}</code>` : absent, actual ? `<code>${inline(actual)}</code>` : absent];
  const a = Array.from(expected);
  const b = Array.from(actual);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  const side = (chars: string[]) => {
    const middle = chars.slice(start, chars.length - end).join('');
    return `<code>${inline(chars.slice(0, start).join(''))}${middle ? `<mark>${inline(middle)}</mark>` : ''}${inline(chars.slice(chars.length - end).join(''))}</code>`;
  };
  return [side(a), side(b)];
}

function changes(target: TargetReport): string {
  const fresh = newFindings(target);
  const list = (items: string[], none: string) => (items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : `<p class="none">${none}</p>`);
  return `<div class="changes">
<div class="new"><h3>New since the previous run (${fresh.length})</h3>${list(fresh.map((f) => `${ICON[f.severity]} ${ref(f)}: ${inline(firstLine(f.message))}`), 'nothing new')}</div>
<div class="resolved"><h3>Resolved since the previous run (${target.resolved.length})</h3>${list(target.resolved.map((r) => `${ICON.resolved} ${ref(r)}`), 'nothing resolved')}</div>
</div>`;
}

function findingRow(finding: Finding, fresh: Set<string>): string {
  const where = finding.location ? `<div class="meta mono">${h(finding.location.file)}:${finding.location.line}</div>` : '';
  const fix = finding.fix ? `<details><summary>Suggested SQL</summary><pre>${h(finding.fix)}</pre></details>` : '';
  const [expected, actual] = diffValues(finding.expected, finding.actual);
  return [
    `<tr class="finding ${finding.severity}">`,
    `<td class="sev sev-${finding.severity}" data-label="Severity">${severityCell(finding)}</td>`,
    `<td data-label="Finding">${ref(finding)} ${fresh.has(findingKey(finding)) ? badge('new', 'new') : ''}<div>${inline(finding.message)}</div>${where}${fix}</td>`,
    `<td class="value expected" data-label="Expected">${expected}</td><td class="arrow" aria-hidden="true">→</td><td class="value actual" data-label="Actual">${actual}</td>`,
    '</tr>',
  ].join('');
}

/** One table per environment, its columns aligned across all findings; a heading row per database table. */
function findingsTable(target: TargetReport): string {
  if (target.findings.length === 0) return '<p>No findings: the database matches the schema.</p>';
  const fresh = new Set(target.new.map(findingKey));
  const groups = [...groupByTable(target.findings)].map(
    ([table, findings]) =>
      `<tbody><tr class="group"><th colspan="5" scope="rowgroup">${inline(table === '(schema)' ? `${target.schema} (types)` : `${target.schema}.${table}`)}</th></tr>${findings.map((f) => findingRow(f, fresh)).join('')}</tbody>`,
  );
  return [
    `<h3>All findings (${target.findings.length})</h3>`,
    '<table class="findings cards"><colgroup><col class="sev"><col><col class="value"><col class="arrow"><col class="value"></colgroup>',
    '<thead><tr><th>Severity</th><th>Finding</th><th>Expected (schema)</th><th aria-hidden="true"></th><th>Actual (database)</th></tr></thead>',
    ...groups,
    '</table>',
  ].join('');
}

/** The environment's suggested statements as one script, ordered and deduplicated as `db:check --fix-sql` writes it. */
function scriptBlock(target: TargetReport): string {
  if (!target.findings.some((finding) => finding.fix)) return '';
  const script = renderFixSql({ findings: target.findings, target: { schema: target.schema, database: target.database ?? target.name } });
  return `<details class="script"><summary>Suggested SQL for ${h(target.name)}: one script, ${plural(fixPlan(target.findings).length, 'statement')}</summary>
<p class="meta">Click the script once to select all of it, then copy. Review every statement before running it: aiforce-db never runs them.</p>
<pre class="copy-all" tabindex="0">${h(script)}</pre></details>`;
}

function targetSection(target: TargetReport): string {
  const where = [target.database ? `<code>${h(target.database)}</code>` : null, `schema <code>${inline(target.schema)}</code>`, target.serverVersion ? `PostgreSQL ${h(target.serverVersion)}` : null];
  const head = `<section class="target" id="target-${h(target.name)}"><h2>${h(target.name)} ${badge(target.status, statusLabel(target))}</h2><p class="meta">${where.filter(Boolean).join(', ')}</p>`;
  if (target.status === 'error') return `${head}<p class="failure"><strong>Could not be checked:</strong> ${h(target.error ?? '')}</p></section>`;
  return `${head}<p>${plural(target.findings.length, 'finding')}; ${h(comparedWith(target))}.</p>${changes(target)}${findingsTable(target)}${scriptBlock(target)}</section>`;
}

function overview(report: NightlyReport): string {
  const labels = ['Findings', 'New', 'Resolved'];
  const rows = report.targets.map(
    (t) =>
      `<tr><td data-label="Environment"><a href="#target-${h(t.name)}">${h(t.name)}</a></td><td data-label="Status">${badge(t.status, statusLabel(t))}</td>${counts(t)
        .map((cell, i) => `<td data-label="${labels[i]}">${cell}</td>`)
        .join('')}<td data-label="Database">${optional(t.database)}</td></tr>`,
  );
  return `<table class="overview cards"><thead><tr><th>Environment</th><th>Status</th><th>Findings</th><th>New</th><th>Resolved</th><th>Database</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function trendSection(trend: Trend): string {
  const multiples = trend.targets.map(({ name, points }) => {
    const runs = trend.runs
      .map((run, i) => `<tr><td class="mono">${h(run.label)}</td><td>${h(describePoint(points[i]!))}</td></tr>`)
      .reverse()
      .join('');
    return `<figure class="multiple"><figcaption><a href="#target-${h(name)}">${h(name)}</a></figcaption>${renderTrendSvg(name, points, trend.runs)}<details><summary>Runs (UTC), newest first</summary><table class="runs"><tbody>${runs}</tbody></table></details></figure>`;
  });
  return `<section class="history" id="trend"><h2>Findings per run, per environment</h2>
<p class="meta">One chart per environment over the last ${plural(trend.runs.length, 'run')}, each on its own scale: a fix in one environment never hides a new finding in another.</p>
<ul class="legend"><li><span class="swatch carried"></span>carried over</li><li><span class="swatch new"></span>new in that run</li><li><span class="swatch resolved"></span>resolved in that run (below the line)</li><li><span class="swatch failed"></span>could not be checked</li></ul>
<div class="multiples">${multiples.join('\n')}</div></section>`;
}

/** What report.html shows of the schema: the drawn diagram and the tables it cannot show, or why there is none. */
export type SchemaPicture = { svg: string; outside: DriftMap['outside'] } | { unavailable: string };

function schemaSection(picture: SchemaPicture): string {
  const head = '<section class="schema" id="schema"><h2>Schema: where the drift is</h2>';
  if ('unavailable' in picture) return `${head}<p class="meta">No schema diagram: ${h(picture.unavailable)}</p></section>`;
  const outside = picture.outside.map(({ target, tables }) => `<li>${h(target)}: ${tables.map((table) => `<code>${inline(table)}</code>`).join(', ')}</li>`);
  return `${head}<p class="meta">The expected schema. Tables with findings are outlined, red for errors and amber for warnings only; the line under a table's name counts its findings per environment.</p>
${outside.length ? `<p>Tables in a database but not in the schema (not drawn):</p><ul>${outside.join('')}</ul>` : ''}
<input type="checkbox" id="diagram-zoom" class="zoom"><label class="zoom-label" for="diagram-zoom">Full size (scroll to move around)</label>
<div class="diagram" tabindex="0" role="region" aria-label="Schema diagram">${picture.svg}</div></section>`;
}

/**
 * report.html: one self-contained page (inline CSS and SVG, no script), readable straight from disk and on a
 * phone. `runs` include this one.
 */
export function renderNightlyHtml(report: NightlyReport, runs: readonly HistoryEntry[], schema: SchemaPicture): string {
  const title = `aiforce-db drift report ${report.generatedAt.slice(0, 10)}`;
  const trend = buildTrend(runs, report.targets.map((target) => target.name));
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
<p class="meta">${h(when(report.generatedAt))} · ${h(summarySentence(report))} · <a href="#trend">trend</a> · <a href="#schema">schema diagram</a></p>
${overview(report)}
${trendSection(trend)}
${report.targets.map(targetSection).join('\n')}
${schemaSection(schema)}
<footer>Generated by <code>npm run db:report</code>. Suggested SQL is never run by aiforce-db: review it before running it.</footer>
</main>
</body>
</html>
`;
}
