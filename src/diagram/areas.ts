/**
 * Which area of the platform each table belongs to: the clusters of the schema diagram. Data, not code, so
 * another schema only needs another list; a table no area names goes to "Other tables", and a schema most of
 * whose tables no area names is drawn without clusters.
 */
import { matchesNames, parsePattern, type NamePattern } from '../findings/pattern.js';

export interface Area {
  /** A stable identifier (the cluster's name in the DOT text). */
  id: string;
  label: string;
  /** The header colour of its tables and, lighter, the cluster's background. */
  color: string;
  fill: string;
  /** Name patterns (`llm_*`, `"my table"`): the first area with a matching pattern takes the table. */
  tables: readonly string[];
}

/** The AI Force platform's areas, in the order of the spec's table list (schema-ready.md). */
export const PLATFORM_AREAS: readonly Area[] = [
  { id: 'tenancy', label: 'Tenancy', color: '#b6e3ff', fill: '#f1f8ff', tables: ['client_accounts', 'engagements', 'users', 'user_roles', 'client_access'] },
  {
    id: 'discovery',
    label: 'Discovery',
    color: '#aceebb',
    fill: '#f0fbf3',
    tables: ['discovery_flows', 'crewai_flow_state_extensions', 'data_import_sessions', 'data_imports', 'raw_import_records', 'import_*'],
  },
  {
    id: 'assets-planning',
    label: 'Assets and planning',
    color: '#fae17d',
    fill: '#fffbea',
    tables: ['asset*', 'tags', 'assessments', 'wave_plans', 'migrations', 'migration_waves', '*sixr_analysis'],
  },
  { id: 'agents-llm', label: 'Agents and LLM', color: '#e0c8ff', fill: '#faf5ff', tables: ['agent_*', 'data_items', 'llm_*', 'feedback'] },
  { id: 'audit', label: 'Audit', color: '#d0d7de', fill: '#f6f8fa', tables: ['*_audit*', 'role_change_approval'] },
];

/** Where tables no area names go. */
export const OTHER_AREA: Area = { id: 'other', label: 'Other tables', color: '#eaeef2', fill: '#ffffff', tables: [] };

/**
 * Tables by area, in the areas' order (then "Other tables"); areas without tables are left out. Null when the
 * areas name fewer than half of the tables (another project's schema that shares a few names with this one):
 * the diagram then has no clusters rather than one "Other tables" box around nearly everything.
 */
export function groupByArea(tableNames: readonly string[], areas: readonly Area[]): Map<Area, string[]> | null {
  const parsed: Array<[Area, NamePattern[]]> = areas.map((area) => [area, area.tables.map(parsePattern)]);
  const groups = new Map<Area, string[]>([...areas, OTHER_AREA].map((area) => [area, []]));
  let placed = 0;
  for (const name of tableNames) {
    const area = parsed.find(([, patterns]) => patterns.some((pattern) => matchesNames(pattern, [name])))?.[0];
    if (area) placed += 1;
    groups.get(area ?? OTHER_AREA)!.push(name);
  }
  if (placed === 0 || placed * 2 < tableNames.length) return null;
  return new Map([...groups].filter(([, names]) => names.length > 0));
}
