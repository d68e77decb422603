// Tables: identity, wording, each difference and its fix, create/drop SQL, renames and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, column, compare, findingsOf, fixScript, onlyFinding, producesEveryCode, table, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { tables, type Table } from './tables.js';

const base = catalog();
const withTables = (...extra: Table[]) => catalog({ tables: [...base.tables, ...extra] });
/** The base catalog with `users` replaced. */
const withUsers = (users: Partial<Table>) => catalog({ tables: base.tables.map((entry) => (entry.name === 'users' ? { ...entry, ...users } : entry)) });
const logs = table('logs', { partitionBy: 'RANGE (at)' });
const logs2024 = table('logs_2024', { partitionOf: { parent: 'logs', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" } });
const logColumns = [column('logs', 'at', 'timestamp with time zone', { nullable: false })];

describe('tables: identity and wording', () => {
  it('is identified by its name, and its path quotes a name with a dot, a quote or white space', () => {
    expect(tables.ref(table('users'))).toEqual({ kind: 'table', name: 'users' });
    expect(refPath('public', tables.ref(table('users')))).toBe('public.users');
    expect(refPath('public', tables.ref(table('Odd "Table".x')))).toBe('public."Odd ""Table"".x"');
    expect(refPath('public', tables.ref(table('order')))).toBe('public.order');
  });

  it('is covered by its partitioned table when it is a partition, and stands alone otherwise', () => {
    expect(tables.parent!(logs2024)).toEqual({ kind: 'table', name: 'logs' });
    expect(tables.parent!(table('users'))).toBeUndefined();
  });

  it('is called "table <name>" and described by what sets it apart', () => {
    expect(tables.noun(table('users'))).toBe('table users');
    expect(tables.describe(table('users'))).toBe('table');
    expect(tables.describe(logs)).toBe('partitioned by RANGE (at)');
    expect(tables.describe(logs2024)).toBe("a partition of logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    expect(tables.describe(table('child', { inherits: ['teams', 'users'], unlogged: true }))).toBe('inherits teams, users, unlogged');
  });
});

describe('tables: missing and unexpected', () => {
  it('creates a missing table with its columns, quoting odd and reserved names', () => {
    const odd = catalog({
      tables: [...base.tables, table('Odd Table')],
      columns: [
        ...base.columns,
        column('Odd Table', 'order', 'integer', { nullable: false }),
        column('Odd Table', 'Label', 'text', { collation: 'C', default: "'x'::text" }),
      ],
    });
    const finding = onlyFinding(odd, base);
    expect(finding).toMatchObject({ code: 'table.missing', path: 'public."Odd Table"', message: 'table Odd Table is missing from the database', expected: 'table', actual: null });
    expect(finding.fix).toBe('CREATE TABLE public."Odd Table" (\n  "order" integer NOT NULL,\n  "Label" text COLLATE "C" DEFAULT \'x\'::text\n);');
  });

  it('creates an unlogged table with its storage parameters', () => {
    const expected = catalog({ tables: [...base.tables, table('cache', { unlogged: true, options: ['autovacuum_enabled=false', 'fillfactor=70'] })], columns: [...base.columns, column('cache', 'key', 'text')] });
    expect(onlyFinding(expected, base).fix).toBe('CREATE UNLOGGED TABLE public.cache (\n  key text\n) WITH (autovacuum_enabled=false, fillfactor=70);');
  });

  it("creates a table with its TOAST table's storage parameters", () => {
    const expected = catalog({ tables: [...base.tables, table('notes', { options: ['fillfactor=70', 'toast.autovacuum_enabled=false'] })], columns: [...base.columns, column('notes', 'body', 'text')] });
    expect(onlyFinding(expected, base).fix).toBe('CREATE TABLE public.notes (\n  body text\n) WITH (fillfactor=70, toast.autovacuum_enabled=false);');
  });

  it('creates a partitioned table with its partitions after it, a partition covered by its parent', () => {
    const expected = catalog({ tables: [...base.tables, logs, logs2024], columns: [...base.columns, ...logColumns] });
    expect(findingsOf(expected, base)).toEqual(['table.missing public.logs']);
    expect(fixScript(expected, base)).toEqual([
      'CREATE TABLE public.logs (\n  at timestamp with time zone NOT NULL\n) PARTITION BY RANGE (at);',
      "CREATE TABLE public.logs_2024 PARTITION OF public.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    ]);
  });

  it('creates a missing partition of an existing table, and a sub-partitioned one', () => {
    const actual = catalog({ tables: [...base.tables, logs], columns: [...base.columns, ...logColumns] });
    const partitioned = { ...logs2024, partitionBy: 'LIST (kind)' };
    const expected = catalog({ tables: [...base.tables, logs, partitioned], columns: actual.columns });
    expect(onlyFinding(expected, actual).fix).toBe("CREATE TABLE public.logs_2024 PARTITION OF public.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (kind);");
  });

  it('creates a child table with its parents', () => {
    const expected = catalog({ tables: [...base.tables, table('admins', { inherits: ['users'] })], columns: [...base.columns, column('admins', 'level', 'integer')] });
    expect(onlyFinding(expected, base).fix).toBe('CREATE TABLE public.admins (\n  level integer\n) INHERITS (public.users);');
  });

  it('drops an unexpected table with a warning about its data, children by inheritance before their parents', () => {
    const actual = withTables(table('old stuff'));
    const finding = onlyFinding(base, actual);
    expect(finding).toMatchObject({ code: 'table.unexpected', message: 'table old stuff exists in the database but not in the schema', expected: null, actual: 'table' });
    expect(finding.fix).toBe('DROP TABLE public."old stuff"; -- check that its data is not needed first');
    const family = withTables(table('a_parent'), table('z_child', { inherits: ['a_parent'] }));
    expect(fixScript(base, family)).toEqual([
      'DROP TABLE public.z_child; -- check that its data is not needed first',
      'DROP TABLE public.a_parent; -- check that its data is not needed first',
    ]);
  });
});

describe('tables: differences', () => {
  it('sets a table logged or unlogged', () => {
    const finding = onlyFinding(base, withUsers({ unlogged: true }));
    expect(finding).toMatchObject({ code: 'table.persistence_mismatch', path: 'public.users', message: 'table users is UNLOGGED, expected logged', expected: 'logged', actual: 'UNLOGGED' });
    expect(finding.fix).toBe('ALTER TABLE public.users SET LOGGED;');
    expect(onlyFinding(withUsers({ unlogged: true }), base).fix).toBe('ALTER TABLE public.users SET UNLOGGED;');
  });

  it('attaches a table that should be a partition, and moves a partition to its parent and bound', () => {
    const parent = table('logs', { partitionBy: 'RANGE (at)' });
    const detached = catalog({ tables: [...base.tables, parent, table('logs_2024')] });
    const attached = catalog({ tables: [...base.tables, parent, logs2024] });
    const finding = onlyFinding(attached, detached);
    expect(finding).toMatchObject({
      code: 'table.partitioning_mismatch',
      message: "table logs_2024 is not partitioned, expected a partition of logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    });
    expect(finding.fix).toBe("ALTER TABLE public.logs ATTACH PARTITION public.logs_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');");
    expect(onlyFinding(detached, attached).fix).toBe('ALTER TABLE public.logs DETACH PARTITION public.logs_2024;');
    const moved = catalog({ tables: [...base.tables, parent, { ...logs2024, partitionOf: { parent: 'logs', bound: "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')" } }] });
    expect(onlyFinding(attached, moved).fix).toBe(
      "ALTER TABLE public.logs DETACH PARTITION public.logs_2024;\nALTER TABLE public.logs ATTACH PARTITION public.logs_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    );
  });

  it('says that a partition key cannot be changed in place', () => {
    const finding = onlyFinding(withUsers({ partitionBy: 'HASH (id)' }), base);
    expect(finding).toMatchObject({ code: 'table.partitioning_mismatch', message: 'table users is not partitioned, expected partitioned by HASH (id)', fixSteps: [] });
    expect(finding.fix).toBe('-- no safe automatic fix: PostgreSQL cannot change how an existing table is partitioned: create users anew (partitioned by HASH (id)) and move its rows');
  });

  it('changes the parents a table inherits from', () => {
    const finding = onlyFinding(withUsers({ inherits: ['teams'] }), withUsers({ inherits: ['people'] }));
    expect(finding).toMatchObject({ code: 'table.inheritance_mismatch', message: 'table users inherits people, expected teams', expected: 'teams', actual: 'people' });
    expect(finding.fix).toBe('ALTER TABLE public.users NO INHERIT public.people;\nALTER TABLE public.users INHERIT public.teams;');
    expect(onlyFinding(base, withUsers({ inherits: ['teams'] })).message).toBe('table users inherits teams, expected none');
  });

  it('takes a table off a parent before the parent is dropped (NO INHERIT, DETACH PARTITION), and before its columns change', () => {
    expect(fixScript(base, catalog({ tables: [...withUsers({ inherits: ['stray_parent'] }).tables, table('stray_parent')] }))).toEqual([
      'ALTER TABLE public.users NO INHERIT public.stray_parent;',
      'DROP TABLE public.stray_parent; -- check that its data is not needed first',
    ]);
    const partition = { partitionOf: { parent: 'stray_events', bound: 'DEFAULT' } };
    expect(fixScript(base, catalog({ tables: [...withUsers(partition).tables, table('stray_events', { partitionBy: 'LIST (id)' })] }))).toEqual([
      'ALTER TABLE public.stray_events DETACH PARTITION public.users;',
      'DROP TABLE public.stray_events; -- check that its data is not needed first',
    ]);
    // A column it inherits can be dropped or retyped only once it is its own.
    const inherited = catalog({ tables: withUsers({ inherits: ['teams'] }).tables, columns: [...base.columns, column('users', 'note', 'text')] });
    expect(fixScript(base, inherited)).toEqual(['ALTER TABLE public.users NO INHERIT public.teams;', 'ALTER TABLE public.users DROP COLUMN note;']);
  });

  it('resets storage parameters the schema does not set, and sets those it does', () => {
    const finding = onlyFinding(withUsers({ options: ['fillfactor=70'] }), withUsers({ options: ['autovacuum_enabled=false', 'fillfactor=50'] }));
    expect(finding).toMatchObject({ code: 'table.options_mismatch', message: 'table users has storage parameters autovacuum_enabled=false, fillfactor=50, expected fillfactor=70' });
    expect(finding.fix).toBe('ALTER TABLE public.users RESET (autovacuum_enabled);\nALTER TABLE public.users SET (fillfactor=70);');
    expect(onlyFinding(base, withUsers({ options: ['fillfactor=70'] })).fix).toBe('ALTER TABLE public.users RESET (fillfactor);');
  });

  it('reads boolean storage parameters by meaning (autovacuum_enabled=on is =true)', () => {
    expect(findingsOf(withUsers({ options: ['autovacuum_enabled=true', 'toast.vacuum_truncate=false'] }), withUsers({ options: ['autovacuum_enabled=on', 'toast.vacuum_truncate=0'] }))).toEqual([]);
    expect(onlyFinding(withUsers({ options: ['autovacuum_enabled=true', 'fillfactor=70'] }), withUsers({ options: ['autovacuum_enabled=yes', 'fillfactor=50'] })).fix).toBe('ALTER TABLE public.users SET (fillfactor=70);');
  });

  it("compares its TOAST table's storage parameters as toast.name, resetting and setting them the same way", () => {
    const finding = onlyFinding(base, withUsers({ options: ['autovacuum_enabled=false', 'toast.autovacuum_enabled=false'] }));
    expect(finding).toMatchObject({ code: 'table.options_mismatch', message: 'table users has storage parameters autovacuum_enabled=false, toast.autovacuum_enabled=false, expected none' });
    expect(finding.fix).toBe('ALTER TABLE public.users RESET (autovacuum_enabled, toast.autovacuum_enabled);');
    expect(onlyFinding(withUsers({ options: ['toast.vacuum_truncate=false'] }), withUsers({ options: ['toast.autovacuum_enabled=false'] })).fix).toBe(
      'ALTER TABLE public.users RESET (toast.autovacuum_enabled);\nALTER TABLE public.users SET (toast.vacuum_truncate=false);',
    );
  });

  it("leaves the schema's toast parameters out where the database's table has no TOAST table (none could be set)", () => {
    const expected = withUsers({ options: ['fillfactor=70', 'toast.autovacuum_enabled=false'] });
    expect(findingsOf(expected, withUsers({ options: ['fillfactor=70'], toastTable: false }))).toEqual([]);
    const finding = onlyFinding(expected, withUsers({ toastTable: false }));
    expect(finding).toMatchObject({ message: 'table users has storage parameters none, expected fillfactor=70', expected: 'fillfactor=70' });
    expect(finding.fix).toBe('ALTER TABLE public.users SET (fillfactor=70);');
  });

  it('sets REPLICA IDENTITY once the indexes exist, quoting an index name', () => {
    const finding = onlyFinding(withUsers({ replicaIdentity: { index: 'Users Email' } }), withUsers({ replicaIdentity: 'full' }));
    expect(finding).toMatchObject({ code: 'table.replica_identity_mismatch', message: 'table users has REPLICA IDENTITY FULL, expected USING INDEX Users Email', expected: 'USING INDEX Users Email', actual: 'FULL' });
    expect(finding.fix).toBe('ALTER TABLE public.users REPLICA IDENTITY USING INDEX "Users Email";');
    expect(finding.fixSteps?.[0]?.phase).toBe(PHASES.dependants);
    expect(onlyFinding(base, withUsers({ replicaIdentity: 'nothing' })).fix).toBe('ALTER TABLE public.users REPLICA IDENTITY DEFAULT;');
  });

  it('names its index again when a fix rebuilds the index that is the replica identity', () => {
    const identity = { replicaIdentity: { index: 'users_email_key' } };
    const unique = (definition: string) => ({ table: 'users', name: 'users_email_key', unique: true, method: 'btree', definition, columns: ['email'] });
    const expected = catalog({ tables: base.tables.map((entry) => (entry.name === 'users' ? { ...entry, ...identity } : entry)), indexes: [unique('(email)')] });
    const actual = catalog({ tables: expected.tables, indexes: [unique('(email) NULLS NOT DISTINCT')] });
    expect(fixScript(expected, actual)).toEqual(['DROP INDEX public.users_email_key;', 'CREATE UNIQUE INDEX users_email_key ON public.users (email);', 'ALTER TABLE public.users REPLICA IDENTITY USING INDEX users_email_key;']);
  });

  it('creates a missing table with its REPLICA IDENTITY', () => {
    expect(onlyFinding(withTables(table('extra', { replicaIdentity: 'full' })), base).fix).toMatch(/^CREATE TABLE public\.extra \([\s\S]*\);\nALTER TABLE public\.extra REPLICA IDENTITY FULL;$/);
  });

  it('sets another access method, and refuses where the server cannot (before 15; a partitioned table before 17)', () => {
    const finding = onlyFinding(withUsers({ accessMethod: 'columnar' }), base);
    expect(finding).toMatchObject({ code: 'table.access_method_mismatch', message: 'table users uses access method heap, expected columnar', fix: 'ALTER TABLE public.users SET ACCESS METHOD columnar;' });
    expect(onlyFinding(base, withUsers({ accessMethod: 'columnar' })).fix).toBe('ALTER TABLE public.users SET ACCESS METHOD heap;');
    expect(onlyFinding(base, withUsers({ accessMethod: 'columnar' }), { serverVersion: 140010 }).fix).toBe(
      '-- no safe automatic fix: this PostgreSQL cannot change the access method of a table: create users anew USING heap and move its rows',
    );
    expect(onlyFinding(withTables({ ...logs, accessMethod: 'columnar' }), withTables(logs), { serverVersion: 160004 }).fix).toMatch(/^-- no safe automatic fix: this PostgreSQL cannot change the access method of a partitioned table: create logs anew USING columnar/);
    expect(onlyFinding(withTables(table('extra', { accessMethod: 'columnar', options: ['fillfactor=70'] })), base).fix).toMatch(/^CREATE TABLE public\.extra \([\s\S]*\) USING columnar WITH \(fillfactor=70\);$/);
  });

  it('binds a table to its composite type once its columns are the type\'s, frees one from another type first', () => {
    const finding = onlyFinding(withUsers({ ofType: 'person' }), base);
    expect(finding).toMatchObject({ code: 'table.type_mismatch', message: 'table users is not typed, expected OF person', fix: 'ALTER TABLE public.users OF person;' });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dependants, sql: 'ALTER TABLE public.users OF person;', order: -1 }]);
    expect(onlyFinding(withUsers({ ofType: 'person' }), withUsers({ ofType: 'member' })).fix).toBe('ALTER TABLE public.users NOT OF;\nALTER TABLE public.users OF person;');
    expect(onlyFinding(base, withUsers({ ofType: 'member' })).fix).toBe('ALTER TABLE public.users NOT OF;');
    expect(onlyFinding(withTables(table('extra', { ofType: 'person' })), base).fix).toMatch(/^CREATE TABLE public\.extra \([\s\S]*\);\nALTER TABLE public\.extra OF person;$/);
  });

  it('finds nothing between storage parameters read in another order', () => {
    const row = (options: string[]) => ['users', null, null, [], false, options, 'default'];
    const [one] = tables.read.assemble([row(['fillfactor=70', 'autovacuum_enabled=false'])], attributesOf(), NEWEST_SERVER);
    const [other] = tables.read.assemble([row(['autovacuum_enabled=false', 'fillfactor=70'])], attributesOf(), NEWEST_SERVER);
    expect(findingsOf(withUsers(one!), withUsers(other!))).toEqual([]);
  });
});

describe('tables: renames', () => {
  const people = (name: string) => (name === 'users' ? 'people' : name);
  const renamed = (extra: Partial<Table> = {}) =>
    catalog({ tables: base.tables.map((entry) => ({ ...entry, name: people(entry.name), ...(entry.name === 'users' ? extra : {}) })), columns: base.columns.map((entry) => ({ ...entry, table: people(entry.table) })) });

  it('renames a table with the same columns, and reports what else differs on it', () => {
    const findings = compare(base, renamed({ options: ['fillfactor=70'] }));
    expect(findings.map((finding) => [finding.code, finding.path, finding.message, finding.expected, finding.actual, finding.fix])).toEqual([
      ['table.options_mismatch', 'public.users', 'table users has storage parameters fillfactor=70, expected none', 'none', 'fillfactor=70', 'ALTER TABLE public.users RESET (fillfactor);'],
      ['table.renamed', 'public.users', 'table users is named people in the database', 'users', 'people', 'ALTER TABLE public.people RENAME TO users;'],
    ]);
    expect(fixScript(base, renamed({ options: ['fillfactor=70'] }))).toEqual(['ALTER TABLE public.people RENAME TO users;', 'ALTER TABLE public.users RESET (fillfactor);']);
  });

  it('takes a table off a renamed parent under the names as read, before the rename', () => {
    const expected = withTables(table('admins'));
    const actual = catalog({ tables: [...renamed().tables, table('admins', { inherits: ['people'] })], columns: renamed().columns });
    expect(fixScript(expected, actual)).toEqual(['ALTER TABLE public.admins NO INHERIT public.people;', 'ALTER TABLE public.people RENAME TO users;']);
  });

  it('does not take a table that is logged differently for a renamed one', () => {
    expect(findingsOf(base, renamed({ unlogged: true }))).toEqual(['table.unexpected public.people', 'table.missing public.users']);
  });

  it('quotes odd names on both sides of a rename', () => {
    const expected = withTables(table('Order Lines'));
    const actual = withTables(table('order'));
    expect(onlyFinding(expected, actual).fix).toBe('ALTER TABLE public."order" RENAME TO "Order Lines";');
  });

  it('does not take a table with other columns for a renamed one', () => {
    const actual = renamed();
    actual.columns = actual.columns.filter((entry) => !(entry.table === 'people' && entry.name === 'email'));
    expect(findingsOf(base, actual)).toEqual(['table.unexpected public.people', 'table.missing public.users']);
  });

  it('compares the children and partitions of a renamed table under its new name', () => {
    const expected = catalog({ tables: [...base.tables, table('admins', { inherits: ['users'] }), logs, logs2024], columns: [...base.columns, ...logColumns] });
    const actual = catalog({
      tables: [...renamed().tables, table('admins', { inherits: ['people'] }), table('events', { partitionBy: 'RANGE (at)' }), { ...logs2024, partitionOf: { ...logs2024.partitionOf!, parent: 'events' } }],
      columns: [...renamed().columns, column('events', 'at', 'timestamp with time zone', { nullable: false })],
    });
    expect(findingsOf(expected, actual)).toEqual(['table.renamed public.logs', 'table.renamed public.users']);
    expect(fixScript(expected, actual)).toEqual(['ALTER TABLE public.events RENAME TO logs;', 'ALTER TABLE public.people RENAME TO users;']);
  });
});

describe('tables: catalog rows', () => {
  it('assembles rows as the query returns them, storage parameters sorted', () => {
    const rows = [
      ['logs', 'RANGE (at)', null, [], true, [], 'default'],
      ['logs_2024', null, ['logs', "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')"], [], false, [], 'full'],
      ['child', null, null, ['teams', 'other.base'], false, [], 'nothing'],
      ['users', null, null, [], false, ['fillfactor=70', 'autovacuum_enabled=false'], { index: 'users_email_key' }],
      // REPLICA IDENTITY USING INDEX whose index was dropped since: nothing is sent.
      ['teams', null, null, [], false, [], { index: null }],
      ['named', null, null, [], false, [], { index: 'full' }],
      // Without a TOAST table, and with one (true is left out, as in locks written before it was read).
      ['ids', null, null, [], false, [], 'default', false],
      ['notes', null, null, [], false, ['toast.autovacuum_enabled=false', 'fillfactor=70'], 'default', true],
      // Another access method than heap; a typed table.
      ['stored', null, null, [], false, [], 'default', true, 'columnar', null],
      ['people', null, null, [], false, [], 'default', true, null, 'person'],
    ];
    expect(tables.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      table('logs', { partitionBy: 'RANGE (at)', unlogged: true }),
      table('logs_2024', { partitionOf: { parent: 'logs', bound: "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')" }, replicaIdentity: 'full' }),
      table('child', { inherits: ['teams', 'other.base'], replicaIdentity: 'nothing' }),
      table('users', { options: ['autovacuum_enabled=false', 'fillfactor=70'], replicaIdentity: { index: 'users_email_key' } }),
      table('teams', { replicaIdentity: 'nothing' }),
      table('named', { replicaIdentity: { index: 'full' } }),
      table('ids', { toastTable: false }),
      table('notes', { options: ['fillfactor=70', 'toast.autovacuum_enabled=false'] }),
      table('stored', { accessMethod: 'columnar' }),
      table('people', { ofType: 'person' }),
    ]);
  });
});

describe('tables: codes', () => {
  producesEveryCode(tables, {
    missing: [withTables(table('extra')), base],
    unexpected: [base, withTables(table('extra'))],
    renamed: [withTables(table('extra')), withTables(table('spare'))],
    persistence_mismatch: [base, withUsers({ unlogged: true })],
    partitioning_mismatch: [base, withUsers({ partitionBy: 'HASH (id)' })],
    inheritance_mismatch: [base, withUsers({ inherits: ['teams'] })],
    options_mismatch: [base, withUsers({ options: ['fillfactor=70'] })],
    replica_identity_mismatch: [base, withUsers({ replicaIdentity: 'full' })],
    access_method_mismatch: [base, withUsers({ accessMethod: 'columnar' })],
    type_mismatch: [base, withUsers({ ofType: 'person' })],
  });
});
