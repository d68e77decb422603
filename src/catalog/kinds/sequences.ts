/** Sequences (not identity ones, which belong to their column): type, start, increment, bounds, cache, cycle, owner column, persistence. */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { notExtensionMember, notInternalPart, type SqlNames } from '../sql.js';
import { differingClauses } from './clauses.js';
import { columnsOf, dropSerialSequence } from './columns.js';
import { sequenceOptionClauses, sequenceOptionsShape } from './sequence-options.js';

const sequenceObject = z.lazy(() => z.object({
  ...sequenceOptionsShape(),
  name: z.string(),
  type: z.string(),
  /** The column that owns it (serial columns, OWNED BY), else null. */
  ownedBy: z.object({ table: z.string(), column: z.string() }).nullable(),
  /** UNLOGGED (PostgreSQL 15; a table's own sequences follow it when it is made so). */
  unlogged: z.boolean(),
}));
export type Sequence = z.infer<typeof sequenceObject>;

const optionClauses = (sequence: Sequence) => [`AS ${sequence.type}`, ...sequenceOptionClauses(sequence)];
const options = (sequence: Sequence) => optionClauses(sequence).join(' ');
const owner = (sequence: Sequence) => (sequence.ownedBy ? `${sequence.ownedBy.table}.${sequence.ownedBy.column}` : 'none');
const persistence = (sequence: Sequence) => (sequence.unlogged ? 'UNLOGGED' : 'LOGGED');
const clauses = (sequence: Sequence) => [...optionClauses(sequence), `OWNED BY ${owner(sequence)}`, persistence(sequence)];
/** Makes a sequence logged or unlogged, after the tables (a table made so takes its own sequences along). */
export const setPersistence = (sequence: Sequence, names: SqlNames) => step(PHASES.columns, `ALTER SEQUENCE ${names.qualified(sequence.name)} SET ${persistence(sequence)};`, 9);

/** Its clauses, persistence only where UNLOGGED. */
const describe = (sequence: Sequence) => clauses(sequence).slice(0, sequence.unlogged ? undefined : -1).join(' ');

export const sequences: CatalogKind<Sequence> = {
  kind: 'sequence',
  object: sequenceObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               c.relname, format_type(q.seqtypid, NULL), q.seqstart::text, q.seqincrement::text, q.seqmin::text, q.seqmax::text,
               q.seqcache::text, q.seqcycle, o.owner, c.relpersistence = 'u')), '[]')::text AS data
        FROM pg_class c
        JOIN pg_sequence q ON q.seqrelid = c.oid
        LEFT JOIN LATERAL (
          SELECT json_build_array(t.relname, a.attname) AS owner
            FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
           WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' AND d.refobjsubid > 0) o ON true
       WHERE c.relnamespace = $SCHEMA AND c.relkind = 'S' AND ${notExtensionMember('pg_class', 'c.oid')}
         AND ${notInternalPart('pg_class', 'c.oid')}`,
    present: `EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = $SCHEMA AND c.relkind = 'S')`,
    catalogs: ['pg_class', 'pg_sequence', 'pg_depend', 'pg_attribute'],
    functions: ['format_type'],
    assemble: (rows) =>
      // Keys in the schema's order (the options first), as the lock writes them: see parseLock.
      rows.map(([name, type, start, increment, min, max, cache, cycle, ownedBy, unlogged]) => ({
        start: start as string,
        increment: increment as string,
        min: min as string,
        max: max as string,
        cache: cache as string,
        cycle: cycle as boolean,
        name: name as string,
        type: type as string,
        ownedBy: ownedBy ? { table: (ownedBy as string[])[0]!, column: (ownedBy as string[])[1]! } : null,
        unlogged: unlogged as boolean,
      })),
  },
  ref: (sequence) => ({ kind: 'sequence', name: sequence.name }),
  // A sequence owned by a column (serial) goes and comes with it.
  parent: (sequence) => (sequence.ownedBy ? { kind: 'column', table: sequence.ownedBy.table, name: sequence.ownedBy.column } : undefined),
  noun: (sequence) => `sequence ${sequence.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A sequence the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'A sequence exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A sequence has another type, start, increment, bounds, cache, cycle, owner column or persistence (UNLOGGED)' },
  },
  // Created before the tables whose defaults call nextval() on it; owned once its column exists.
  create: (sequence, { names }) => [
    step(PHASES.sequences, `CREATE${sequence.unlogged ? ' UNLOGGED' : ''} SEQUENCE ${names.qualified(sequence.name)} ${options(sequence)};`),
    ...(sequence.ownedBy ? [step(PHASES.columns, `ALTER SEQUENCE ${names.qualified(sequence.name)} OWNED BY ${names.qualified(sequence.ownedBy.table)}.${names.ident(sequence.ownedBy.column)};`, 9)] : []),
  ],
  drop: (sequence, { names, expected }) => {
    const column = sequence.ownedBy && columnsOf(expected, sequence.ownedBy.table).find((candidate) => candidate.name === sequence.ownedBy!.column);
    return [column?.identity ? dropSerialSequence(sequence.name, names) : step(PHASES.dropUnused, `DROP SEQUENCE ${names.qualified(sequence.name)};`)];
  },
  differences(expected, actual, { names }): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const target = names.qualified(expected.name);
    return [{
      code: 'mismatch',
      message: `sequence ${expected.name} is ${differingClauses(clauses(expected), clauses(actual))}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: [
        ...(options(expected) === options(actual) ? [] : [step(PHASES.sequences, `ALTER SEQUENCE ${target} ${options(expected)};`)]),
        ...(expected.unlogged === actual.unlogged ? [] : [setPersistence(expected, names)]),
        ...(owner(expected) === owner(actual)
          ? []
          : [step(PHASES.columns, `ALTER SEQUENCE ${target} OWNED BY ${expected.ownedBy ? `${names.qualified(expected.ownedBy.table)}.${names.ident(expected.ownedBy.column)}` : 'NONE'};`, 9)]),
      ],
    }];
  },
  // PostgreSQL 14 has no unlogged sequences: a lock written on a newer server may list some.
  heldBy: (list, version) => (version >= 150000 ? list : list.map((sequence) => (sequence.unlogged ? { ...sequence, unlogged: false } : sequence))),
  retarget: (sequence, renames) => {
    if (!sequence.ownedBy) return sequence;
    const table = renames.table(sequence.ownedBy.table);
    return { ...sequence, ownedBy: { table, column: renames.column(table, sequence.ownedBy.column) } };
  },
};
