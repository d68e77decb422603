// Sequences: identity, wording, the mismatch and its fixes, create/drop SQL, owner columns and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, column, findingsOf, fixScript, onlyFinding, producesEveryCode, sequence, table, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { sequences, type Sequence } from './sequences.js';

const base = catalog();
const counter = sequence('counter', { type: 'integer', start: '10', increment: '5', max: '2147483647', cycle: true });
const withSequences = (...list: Sequence[]) => catalog({ sequences: list });
const ticket = sequence('users_ticket_seq', { type: 'integer', max: '2147483647', ownedBy: { table: 'users', column: 'ticket' } });
const ticketColumn = column('users', 'ticket', 'integer', { nullable: false, default: "nextval('users_ticket_seq'::regclass)" });

describe('sequences: identity and wording', () => {
  it('is identified by its name, and covered by the column that owns it', () => {
    expect(sequences.ref(counter)).toEqual({ kind: 'sequence', name: 'counter' });
    expect(refPath('public', sequences.ref(sequence('Odd Seq')))).toBe('public."Odd Seq"');
    expect(sequences.parent!(ticket)).toEqual({ kind: 'column', table: 'users', name: 'ticket' });
    expect(sequences.parent!(counter)).toBeUndefined();
  });

  it('is called "sequence <name>" and described by its options and owner', () => {
    expect(sequences.noun(counter)).toBe('sequence counter');
    expect(sequences.describe(counter)).toBe('AS integer START WITH 10 INCREMENT BY 5 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 CYCLE OWNED BY none');
    expect(sequences.describe(ticket)).toBe('AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE OWNED BY users.ticket');
  });
});

describe('sequences: missing and unexpected', () => {
  it('creates a missing sequence before the tables, quoting odd names', () => {
    const finding = onlyFinding(withSequences(counter), base);
    expect(finding).toMatchObject({ code: 'sequence.missing', path: 'public.counter', message: 'sequence counter is missing from the database', expected: sequences.describe(counter), actual: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.sequences, sql: 'CREATE SEQUENCE public.counter AS integer START WITH 10 INCREMENT BY 5 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 CYCLE;' }]);
    expect(onlyFinding(withSequences(sequence('Order Seq')), base).fix).toBe(
      'CREATE SEQUENCE public."Order Seq" AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE;',
    );
  });

  it('creates a serial column with its sequence, which the column then owns', () => {
    const expected = catalog({ columns: [...base.columns, ticketColumn], sequences: [ticket] });
    expect(findingsOf(expected, base)).toEqual(['column.missing public.users.ticket']);
    expect(fixScript(expected, base)).toEqual([
      'CREATE SEQUENCE public.users_ticket_seq AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE;',
      "ALTER TABLE public.users ADD COLUMN ticket integer DEFAULT nextval('users_ticket_seq'::regclass) NOT NULL;",
      'ALTER SEQUENCE public.users_ticket_seq OWNED BY public.users.ticket;',
    ]);
  });

  it('creates the owned sequence of a missing table, owned once the table exists', () => {
    const odd = { ...ticket, name: 'Odd_seq', ownedBy: { table: 'Odd Table', column: 'order' } };
    const expected = catalog({ tables: [...base.tables, table('Odd Table')], columns: [...base.columns, column('Odd Table', 'order', 'integer', { default: `nextval('"Odd_seq"'::regclass)` })], sequences: [odd] });
    expect(fixScript(expected, base)).toEqual([
      'CREATE SEQUENCE public."Odd_seq" AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE;',
      `CREATE TABLE public."Odd Table" (\n  "order" integer DEFAULT nextval('"Odd_seq"'::regclass)\n);`,
      'ALTER SEQUENCE public."Odd_seq" OWNED BY public."Odd Table"."order";',
    ]);
  });

  it('drops an unexpected sequence last, and leaves one owned by an unexpected column to the column', () => {
    const finding = onlyFinding(base, withSequences(counter));
    expect(finding).toMatchObject({ code: 'sequence.unexpected', severity: 'warning', message: 'sequence counter exists in the database but not in the schema', expected: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dropUnused, sql: 'DROP SEQUENCE public.counter;' }]);
    expect(findingsOf(base, catalog({ columns: [...base.columns, ticketColumn], sequences: [ticket] }))).toEqual(['column.unexpected public.users.ticket']);
  });
});

describe('sequences: mismatch', () => {
  it('sets the options that differ, naming only those', () => {
    const finding = onlyFinding(withSequences(counter), withSequences({ ...counter, increment: '1', cache: '20' }));
    expect(finding).toMatchObject({
      code: 'sequence.mismatch',
      message: 'sequence counter is INCREMENT BY 1 CACHE 20, expected INCREMENT BY 5 CACHE 1',
      expected: sequences.describe(counter),
      actual: 'AS integer START WITH 10 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 20 CYCLE OWNED BY none',
    });
    expect(finding.fix).toBe('ALTER SEQUENCE public.counter AS integer START WITH 10 INCREMENT BY 5 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 CYCLE;');
  });

  it('gives a sequence to its column, or takes it away', () => {
    const expected = catalog({ columns: [...base.columns, ticketColumn], sequences: [ticket] });
    const loose = catalog({ columns: expected.columns, sequences: [{ ...ticket, ownedBy: null }] });
    const finding = onlyFinding(expected, loose);
    expect(finding.message).toBe('sequence users_ticket_seq is OWNED BY none, expected OWNED BY users.ticket');
    expect(finding.fixSteps).toEqual([{ phase: PHASES.columns, sql: 'ALTER SEQUENCE public.users_ticket_seq OWNED BY public.users.ticket;', order: 9 }]);
    expect(onlyFinding(loose, expected).fix).toBe('ALTER SEQUENCE public.users_ticket_seq OWNED BY NONE;');
  });

  it('compares the owner of a sequence under the new names of its table and column', () => {
    const expected = catalog({ columns: [...base.columns, ticketColumn], sequences: [ticket] });
    const actual = catalog({ columns: [...base.columns, { ...ticketColumn, name: 'number' }], sequences: [{ ...ticket, ownedBy: { table: 'users', column: 'number' } }] });
    expect(findingsOf(expected, actual)).toEqual(['column.renamed public.users.ticket']);
  });
});

describe('sequences: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const rows = [
      ['counter', 'integer', '10', '5', '1', '2147483647', '1', true, null, false],
      ['logs_id_seq', 'bigint', '1', '1', '1', '9223372036854775807', '1', false, ['logs', 'id'], true],
    ];
    expect(sequences.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([counter, sequence('logs_id_seq', { ownedBy: { table: 'logs', column: 'id' }, unlogged: true })]);
  });
});

describe('sequences: persistence', () => {
  it("sets a table's own sequence back where the schema keeps it otherwise than the table, once the table's persistence is fixed", () => {
    const own = sequence('users_ticket_seq', { ownedBy: { table: 'users', column: 'id' } });
    const unloggedUsers = (catalogued: ReturnType<typeof catalog>) => ({ ...catalogued, tables: catalogued.tables.map((entry) => (entry.name === 'users' ? { ...entry, unlogged: true } : entry)) });
    const script = fixScript(unloggedUsers(withSequences(own)), withSequences(own));
    expect(script).toEqual(['ALTER TABLE public.users SET UNLOGGED;', 'ALTER SEQUENCE public.users_ticket_seq SET LOGGED;']);
  });

  it('holds no unlogged sequence on PostgreSQL 14', () => {
    expect(findingsOf(withSequences({ ...counter, unlogged: true }), withSequences(counter), { serverVersion: 140012 })).toEqual([]);
  });

  it('makes a sequence logged or unlogged after the tables (a table made so takes its own sequences along)', () => {
    const finding = onlyFinding(withSequences(counter), withSequences({ ...counter, unlogged: true }));
    expect(finding).toMatchObject({ code: 'sequence.mismatch', message: 'sequence counter is UNLOGGED, expected LOGGED', actual: `${sequences.describe(counter)} UNLOGGED` });
    expect(finding.fix).toBe('ALTER SEQUENCE public.counter SET LOGGED;');
    expect(finding.fixSteps?.[0]?.phase).toBe(PHASES.columns);
    expect(onlyFinding(withSequences({ ...counter, unlogged: true }), base).fix).toMatch(/^CREATE UNLOGGED SEQUENCE public\.counter AS integer /);
  });
});

describe('sequences: codes', () => {
  producesEveryCode(sequences, {
    missing: [withSequences(counter), base],
    unexpected: [base, withSequences(counter)],
    mismatch: [withSequences(counter), withSequences({ ...counter, cycle: false })],
  });
});
