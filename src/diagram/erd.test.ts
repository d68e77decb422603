import { describe, expect, it } from 'vitest';
import { catalog, column, table } from '../../test/support/catalog.js';
import { groupByArea, PLATFORM_AREAS, type Area } from './areas.js';
import { dotId, schemaDot } from './erd.js';

const AREAS: Area[] = [{ id: 'people', label: 'People', color: '#b6e3ff', fill: '#f1f8ff', tables: ['users'] }];

/** The statements of a DOT text that declare a node (`"name" [class="table" ...`) or an edge (`... -> ...`). */
const nodeLines = (dot: string) => dot.split('\n').filter((line) => /^\s*".*" \[class="(table|external)/.test(line));
const edgeLines = (dot: string) => dot.split('\n').filter((line) => / -> .*\[class="fk/.test(line));

describe('schemaDot', () => {
  it('draws one node per table and one edge per foreign key, from the referenced row to the referencing one', () => {
    const dot = schemaDot(catalog(), { areas: AREAS });
    expect(nodeLines(dot).map((line) => line.trim().split(' ')[0]).sort()).toEqual(['"teams"', '"users"']);
    // teams.id is the only key row of teams (c0); users has id (c0), email (c1, unique) and team_id (c2, FK).
    expect(edgeLines(dot)).toEqual([expect.stringMatching(/^ {2}"teams":c0o:e -> "users":c2i:w \[class="fk" dir=both arrowhead=crow arrowtail=teeodot /)]);
    expect(dot).toContain('<U>id</U>');
    expect(dot).toMatch(/>UQ<.*>email</);
    expect(dot).toMatch(/>FK<.*>team_id<.*uuid, nullable/);
    expect(dot).toContain('tooltip="users(team_id) -> teams(id)"');
  });

  it('clusters tables by area, sends the others to "Other tables", and draws no cluster when the areas know less than half of the tables', () => {
    const clustered = schemaDot(catalog(), { areas: AREAS });
    expect(clustered.match(/subgraph cluster_\d+/g)).toHaveLength(2);
    expect(clustered.indexOf('<B>People</B>')).toBeLessThan(clustered.indexOf('"users" [class'));
    expect(clustered.indexOf('<B>Other tables</B>')).toBeLessThan(clustered.indexOf('"teams" [class'));
    expect(schemaDot(catalog(), { areas: [] })).not.toContain('subgraph');
    expect(schemaDot(catalog(), { areas: [{ ...AREAS[0]!, tables: ['orders', 'shop_*'] }] })).not.toContain('subgraph');
    // Another project that happens to have a `users` table among others: not one "Tenancy" box and one big rest.
    const other = catalog({ tables: ['users', 'orders', 'order_lines', 'products'].map((name) => table(name)) });
    expect(schemaDot(other)).not.toContain('subgraph');
  });

  it("groups the platform's 32 tables in its five areas by name pattern, and a table it does not know in the fallback", () => {
    const names = ['client_accounts', 'discovery_flows', 'import_processing_steps', 'asset_tags', 'cmdb_sixr_analysis', 'llm_usage_log', 'flow_deletion_audit', 'alembic_version'];
    const groups = groupByArea(names, PLATFORM_AREAS)!;
    expect([...groups].map(([area, tables]) => [area.label, tables])).toEqual([
      ['Tenancy', ['client_accounts']],
      ['Discovery', ['discovery_flows', 'import_processing_steps']],
      ['Assets and planning', ['asset_tags', 'cmdb_sixr_analysis']],
      ['Agents and LLM', ['llm_usage_log']],
      ['Audit', ['flow_deletion_audit']],
      ['Other tables', ['alembic_version']],
    ]);
  });

  it('points out marked tables, and draws a table outside the schema as a dashed box', () => {
    const withOutside = catalog({
      foreignKeys: [{ ...catalog().foreignKeys[0]!, referencedTable: 'auth.accounts' }],
    });
    const dot = schemaDot(withOutside, { marks: new Map([['users', { severity: 'error', note: 'staging 2, production 1' }]]) });
    expect(dot).toMatch(/"users" \[class="table drift error" label=<<TABLE BORDER="3" COLOR="#cf222e"/);
    expect(dot).toContain('drift: staging 2, production 1');
    expect(dot).toMatch(/"auth\.accounts" \[class="external" label=<<TABLE BORDER="1" STYLE="dashed"/);
    expect(edgeLines(dot)).toEqual([expect.stringMatching(/^ {2}"auth\.accounts" -> "users":c2i:w /)]);
  });

  it('is the same text for the same catalog, whatever the order of its arrays', () => {
    const base = catalog();
    const shuffled = { ...base, tables: [...base.tables].reverse(), columns: [...base.columns], foreignKeys: [...base.foreignKeys].reverse() };
    expect(schemaDot(shuffled)).toBe(schemaDot(base));
  });

  it('keeps any name inside its quotes and labels: DOT identifiers are injective, labels are XML text', () => {
    const names = ['a"b', 'x\\', 'y\\"', 'a&#34;b', 'l\nm', '<b>&amp;'];
    expect(new Set(names.map(dotId)).size).toBe(names.length);
    for (const name of names) expect(dotId(name).slice(1, -1)).not.toMatch(/["\\\n]/);
    const hostile = catalog({ tables: [table('<b>&amp;')], columns: [column('<b>&amp;', 'x"\n<i>', 'text')], primaryKeys: [], indexes: [], foreignKeys: [] });
    const dot = schemaDot(hostile);
    expect(dot).toContain('"<b>&#38;amp;" [class="table"');
    expect(dot).toContain('<B>&lt;b&gt;&amp;amp;</B>');
    expect(dot).toContain('1 column<');
  });
});
