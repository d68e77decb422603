/**
 * The schema as an entity-relationship diagram, in Graphviz's DOT language (pure: catalog in, text out).
 * One node per table with the columns a reader needs to follow the edges (primary key, foreign keys, columns
 * other tables refer to, single-column unique keys) and a count of the rest; one edge per foreign key, from
 * its columns to the columns it references, with crow's-foot ends; tables clustered by area (areas.ts).
 * The text depends on nothing but the catalog, so the rendered SVG changes only when the schema does.
 */
import type { Catalog } from '../catalog/registry.js';
import type { Column } from '../catalog/kinds/columns.js';
import { referencedName } from '../catalog/kinds/foreign-keys.js';
import { oneLine, xmlText } from '../formats/escape.js';
import { plural } from '../formats/words.js';
import { groupByArea, OTHER_AREA, PLATFORM_AREAS, type Area } from './areas.js';

export type DiagramCatalog = Pick<Catalog, 'tables' | 'columns' | 'primaryKeys' | 'foreignKeys' | 'indexes' | 'constraints'>;

/** A table to point out (drift in the nightly report): its outline colour comes from the severity. */
export interface TableMark {
  severity: 'error' | 'warning';
  /** One short line shown under the table's name, e.g. `staging 3, production 1`. */
  note: string;
}

export interface DiagramOptions {
  areas?: readonly Area[];
  marks?: ReadonlyMap<string, TableMark>;
  /** Shown above the diagram. */
  title?: string;
}

const FONT = 'Helvetica';
const INK = '#1f2328';
const MUTED = '#656d76';
const LINE = '#8c959f';
const LINE_DARK = '#57606a';
const HUB_EDGE = '#c6ccd3';
const MARK_COLOR = { error: '#cf222e', warning: '#9a6700' } as const;
const LEGEND = 'PK primary key, FK foreign key, UQ unique. An edge runs from the referenced row (two bars: exactly one; bar and circle: at most one) to the referencing rows (crow&#39;s foot: many; bar: one)';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A DOT identifier for any name: double-quoted, with `&`, `"`, `\` and control characters as numeric character
 * references. DOT has no escape for a backslash before the closing quote; Graphviz writes the references
 * unchanged into the SVG, where they read back as the original characters, and `&` being always encoded keeps
 * two different names from ever sharing an identifier.
 */
export const dotId = (name: string): string => `"${name.replace(/[&"\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `&#${char.codePointAt(0)};`)}"`;

/**
 * A DOT string attribute that Graphviz reads as an escString (a tooltip): it decodes the character references
 * first, then treats a backslash as an escape (`\N` is the node's name), so backslashes are doubled before.
 */
const escString = (value: string): string => dotId(value.replaceAll('\\', '\\\\'));

/** Text inside an HTML-like label (XML): entities escaped, line breaks and controls shown as symbols. */
const text = (value: string): string => xmlText(oneLine(value));

/** A DOT attribute value in double quotes, for text we write ourselves (colours, our own words). */
const quoted = (value: string): string => `"${value.replace(/["\\]/g, '')}"`;

type Role = 'PK' | 'FK' | 'UQ' | 'REF';

interface KeyColumn {
  column: Column;
  roles: Role[];
}

/** Column roles by table, computed once for the whole catalog. */
function keyRoles(catalog: DiagramCatalog): Map<string, Map<string, Set<Role>>> {
  const roles = new Map<string, Map<string, Set<Role>>>();
  const add = (table: string, column: string, role: Role) => {
    let columns = roles.get(table);
    if (!columns) roles.set(table, (columns = new Map()));
    let set = columns.get(column);
    if (!set) columns.set(column, (set = new Set()));
    set.add(role);
  };
  for (const key of catalog.primaryKeys) for (const column of key.columns) add(key.table, column, 'PK');
  for (const key of catalog.foreignKeys) {
    for (const column of key.columns) add(key.table, column, 'FK');
    for (const column of key.referencedColumns) add(referencedName(key), column, 'REF');
  }
  // Single-column unique keys are natural keys (an e-mail, a slug): a reader looks for them next to the ids.
  for (const index of catalog.indexes) if (index.unique && index.columns.length === 1 && !index.definition.includes(' WHERE ')) add(index.table, index.columns[0]!, 'UQ');
  for (const constraint of catalog.constraints) if (constraint.type === 'unique' && constraint.columns.length === 1) add(constraint.table, constraint.columns[0]!, 'UQ');
  return roles;
}

/** The badge in front of a key column: PK wins, then FK, then UQ; a column only referenced gets none. */
const badge = (roles: Role[]): string => (roles.includes('PK') ? 'PK' : roles.includes('FK') ? 'FK' : roles.includes('UQ') ? 'UQ' : '');

function tableLabel(name: string, keys: KeyColumn[], total: number, area: Area, mark: TableMark | undefined): string {
  const rows = [`<TR><TD COLSPAN="3" BGCOLOR="${area.color}" ALIGN="LEFT" CELLPADDING="5"><B>${text(name)}</B></TD></TR>`];
  if (mark) rows.push(`<TR><TD COLSPAN="3" BGCOLOR="${mark.severity === 'error' ? '#ffebe9' : '#fff8c5'}" ALIGN="LEFT"><FONT COLOR="${MARK_COLOR[mark.severity]}" POINT-SIZE="10">drift: ${text(mark.note)}</FONT></TD></TR>`);
  keys.forEach(({ column, roles }, i) => {
    const tag = badge(roles);
    rows.push(
      `<TR><TD ALIGN="LEFT" PORT="c${i}i"><FONT COLOR="${MUTED}" POINT-SIZE="9">${tag}</FONT></TD><TD ALIGN="LEFT">${roles.includes('PK') ? `<U>${text(column.name)}</U>` : text(column.name)}</TD><TD ALIGN="LEFT" PORT="c${i}o"><FONT COLOR="${MUTED}" POINT-SIZE="9">${text(column.type)}${column.nullable ? ', nullable' : ''}</FONT></TD></TR>`,
    );
  });
  const rest = total - keys.length;
  if (rest > 0) rows.push(`<TR><TD COLSPAN="3" ALIGN="LEFT"><FONT COLOR="${MUTED}" POINT-SIZE="9">${keys.length ? `+ ${plural(rest, 'more column')}` : plural(rest, 'column')}</FONT></TD></TR>`);
  const border = mark ? `BORDER="3" COLOR="${MARK_COLOR[mark.severity]}"` : `BORDER="1" COLOR="${LINE}"`;
  return `<<TABLE ${border} CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="white">${rows.join('')}</TABLE>>`;
}

/**
 * Crow's-foot ends: many rows refer to one (a bar instead of the crow when the referencing columns are unique:
 * one to one); at the referenced table two bars for exactly one, a circle and a bar when the columns are nullable.
 */
const edgeEnds = (unique: boolean, nullable: boolean): string => `dir=both arrowhead=${unique ? 'tee' : 'crow'} arrowtail=${nullable ? 'teeodot' : 'teetee'}`;

/** The DOT text of the schema diagram. Deterministic: the same catalog always gives the same text. */
export function schemaDot(catalog: DiagramCatalog, options: DiagramOptions = {}): string {
  const marks = options.marks ?? new Map<string, TableMark>();
  const names = catalog.tables.map((table) => table.name).sort();
  const known = new Set(names);
  const groups = groupByArea(names, options.areas ?? PLATFORM_AREAS);
  const areaOf = new Map<string, Area>();
  for (const [area, tables] of groups ?? []) for (const table of tables) areaOf.set(table, area);

  const roles = keyRoles(catalog);
  const columnsByTable = new Map<string, Column[]>();
  for (const column of catalog.columns) {
    const list = columnsByTable.get(column.table);
    if (list) list.push(column);
    else columnsByTable.set(column.table, [column]);
  }
  // Each key column's port, so an edge starts and ends at the rows of its columns.
  const ports = new Map<string, Map<string, string>>();
  const nodes = new Map<string, string>();
  for (const name of names) {
    const columns = columnsByTable.get(name) ?? [];
    const tableRoles = roles.get(name);
    const keys = columns.filter((column) => tableRoles?.has(column.name)).map((column) => ({ column, roles: [...tableRoles!.get(column.name)!] }));
    ports.set(name, new Map(keys.map(({ column }, i) => [column.name, `c${i}`])));
    const mark = marks.get(name);
    const classes = ['table', ...(mark ? ['drift', mark.severity] : [])].join(' ');
    nodes.set(name, `${dotId(name)} [class=${quoted(classes)} label=${tableLabel(name, keys, columns.length, areaOf.get(name) ?? OTHER_AREA, mark)}]`);
  }

  // Tables outside this schema (or missing from it) that foreign keys point at: a dashed box each.
  const outside = [...new Set(catalog.foreignKeys.map((key) => referencedName(key)).filter((table) => !known.has(table)))].sort();
  const outsideNodes = outside.map(
    (name) => `${dotId(name)} [class="external" label=<<TABLE BORDER="1" STYLE="dashed" COLOR="${LINE}" CELLBORDER="0" CELLPADDING="5" BGCOLOR="white"><TR><TD><I>${text(name)}</I></TD></TR></TABLE>>]`,
  );

  const uniqueSets = new Set<string>();
  for (const key of catalog.primaryKeys) uniqueSets.add(JSON.stringify([key.table, [...key.columns].sort()]));
  for (const index of catalog.indexes) if (index.unique && !index.definition.includes(' WHERE ')) uniqueSets.add(JSON.stringify([index.table, [...index.columns].sort()]));
  for (const constraint of catalog.constraints) if (constraint.type === 'unique') uniqueSets.add(JSON.stringify([constraint.table, [...constraint.columns].sort()]));
  const nullableColumn = (table: string, column: string) => columnsByTable.get(table)?.find((c) => c.name === column)?.nullable ?? false;

  // Tables that a quarter of the tables refer to (the tenant, the user): their many edges are drawn light.
  const referrers = new Map<string, Set<string>>();
  for (const key of catalog.foreignKeys) {
    if (!referrers.has(referencedName(key))) referrers.set(referencedName(key), new Set());
    referrers.get(referencedName(key))!.add(key.table);
  }
  const inDegree = new Map([...referrers].map(([table, from]) => [table, from.size]));
  const hubDegree = Math.max(4, Math.ceil(names.length / 4));
  const edges = [...catalog.foreignKeys]
    .sort((a, b) => compare(a.table, b.table) || compare(a.name, b.name))
    .map((key) => {
      const from = ports.get(key.table)?.get(key.columns[0] ?? '');
      const to = ports.get(referencedName(key))?.get(key.referencedColumns[0] ?? '');
      const unique = uniqueSets.has(JSON.stringify([key.table, [...key.columns].sort()]));
      const nullable = key.columns.some((column) => nullableColumn(key.table, column));
      const tooltip = `${key.table}(${key.columns.join(', ')}) -> ${referencedName(key)}(${key.referencedColumns.join(', ')})`;
      const hub = (inDegree.get(referencedName(key)) ?? 0) >= hubDegree;
      // Drawn from the referenced table to the referencing one, so parents stand left of their children.
      return `${dotId(referencedName(key))}${to ? `:${to}o:e` : ''} -> ${dotId(key.table)}${from ? `:${from}i:w` : ''} [class=${quoted(hub ? 'fk hub' : 'fk')} ${edgeEnds(unique, nullable)}${hub ? ` color=${quoted(HUB_EDGE)} penwidth=0.7` : ` color=${quoted(LINE_DARK)}`} tooltip=${escString(tooltip)}]`;
    });

  const body: string[] = [];
  if (groups) {
    [...groups].forEach(([area, tables], i) => {
      body.push(
        `  subgraph cluster_${i} {`,
        `    label=<<B>${text(area.label)}</B>> class="area" style="rounded,filled" fillcolor=${quoted(area.fill)} color=${quoted(area.color)} fontcolor=${quoted(INK)}`,
        ...tables.map((table) => `    ${nodes.get(table)!}`),
        '  }',
      );
    });
  } else {
    body.push(...names.map((name) => `  ${nodes.get(name)!}`));
  }
  return [
    'digraph schema {',
    `  graph [rankdir=LR ranksep=1.1 nodesep=0.3 pad=0.3 fontname=${quoted(FONT)} fontsize=13 labeljust=l labelloc=t label=<${options.title ? `<B>${text(options.title)}</B><BR ALIGN="LEFT"/>` : ''}<FONT POINT-SIZE="10" COLOR="${MUTED}">${LEGEND}</FONT><BR ALIGN="LEFT"/>>]`,
    `  node [shape=plain fontname=${quoted(FONT)} fontsize=11 fontcolor=${quoted(INK)}]`,
    `  edge [arrowsize=0.7 penwidth=1.1]`,
    ...body,
    ...outsideNodes.map((node) => `  ${node}`),
    ...edges.map((edge) => `  ${edge}`),
    '}',
    '',
  ].join('\n');
}
