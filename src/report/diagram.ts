/**
 * The schema diagram of report.html: the expected schema with every table that drifted in some environment
 * outlined (red for errors, amber for warnings only) and the environments named on it. One diagram for all
 * environments reads better than one each: the page stays light and a table drifted everywhere stands out.
 */
import { schemaDot, type DiagramCatalog, type TableMark } from '../diagram/erd.js';
import { inlineSvg, renderSvg } from '../diagram/render.js';
import type { SchemaPicture } from './html.js';
import type { NightlyReport } from './report.js';

export interface DriftMap {
  /** Tables of the schema with findings, by name. */
  marks: Map<string, TableMark>;
  /** Tables some database has but the schema does not, per environment: they are not on the diagram. */
  outside: Array<{ target: string; tables: string[] }>;
}

/** Pure: which tables drifted where. */
export function driftMap(report: NightlyReport, tables: ReadonlySet<string>): DriftMap {
  const perTable = new Map<string, { severity: TableMark['severity']; counts: Map<string, number> }>();
  const outside: DriftMap['outside'] = [];
  for (const target of report.targets) {
    const unknown = new Set<string>();
    for (const finding of target.findings) {
      if (finding.table === undefined) continue;
      if (!tables.has(finding.table)) {
        unknown.add(finding.table);
        continue;
      }
      const entry = perTable.get(finding.table) ?? { severity: 'warning' as const, counts: new Map<string, number>() };
      if (finding.severity === 'error') entry.severity = 'error';
      entry.counts.set(target.name, (entry.counts.get(target.name) ?? 0) + 1);
      perTable.set(finding.table, entry);
    }
    if (unknown.size) outside.push({ target: target.name, tables: [...unknown].sort() });
  }
  const marks = new Map(
    [...perTable].map(([table, { severity, counts }]) => [table, { severity, note: [...counts].map(([target, count]) => `${target} ${count}`).join(', ') }]),
  );
  return { marks, outside };
}

/** Where report.html gets its diagram from: the expected catalog, or why it could not be read. */
export type SchemaSource = { catalog: DiagramCatalog } | { unavailable: string };

/** The diagram for report.html, as an inline SVG element with the drifted tables marked. */
export async function drawSchemaPicture(report: NightlyReport, source: SchemaSource): Promise<SchemaPicture> {
  if ('unavailable' in source) return source;
  const { marks, outside } = driftMap(report, new Set(source.catalog.tables.map((table) => table.name)));
  const svg = await renderSvg(schemaDot(source.catalog, { marks }));
  return { svg: inlineSvg(svg, { class: 'erd', label: `Schema diagram: ${source.catalog.tables.length} tables, ${marks.size} of them with drift` }), outside };
}
