/** How COMMENT ON, GRANT and ALTER ... OWNER TO name an object of any kind. */
import type { CompareContext, Renames } from '../kind.js';
import type { ObjectRef, RefKind } from '../model.js';

/** The object part of `COMMENT ON <designator> IS ...` (and, for most kinds, `ALTER <designator> OWNER TO` and `GRANT ... ON <designator>`). */
export function designator(target: ObjectRef, { names, expected, actual }: CompareContext): string {
  const on = (word: string) => `${word} ${names.ident(target.name)} ON ${names.qualified(target.table!)}`;
  switch (target.kind) {
    case 'schema':
      return `SCHEMA ${names.ident(names.schema)}`;
    case 'column':
      return `COLUMN ${names.qualified(target.table!)}.${names.ident(target.name)}`;
    case 'primary_key':
    case 'constraint':
    case 'foreign_key':
      return on('CONSTRAINT');
    case 'trigger':
      return on('TRIGGER');
    case 'rule':
      return on('RULE');
    case 'policy':
      return on('POLICY');
    case 'index':
      return `INDEX ${names.qualified(target.name)}`;
    case 'statistics':
      return `STATISTICS ${names.qualified(target.name)}`;
    case 'view': {
      const view = [...expected.views, ...actual.views].find((candidate) => candidate.name === target.name);
      return `${view?.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${names.qualified(target.name)}`;
    }
    case 'sequence':
      return `SEQUENCE ${names.qualified(target.name)}`;
    case 'enum':
    case 'composite_type':
    case 'range_type':
      return `TYPE ${names.qualified(target.name)}`;
    case 'domain':
      return `DOMAIN ${names.qualified(target.name)}`;
    // ROUTINE: a function, a procedure or an aggregate, for COMMENT ON, GRANT and ALTER ... OWNER TO alike.
    case 'function':
    case 'aggregate': {
      const open = target.name.indexOf('(');
      return `ROUTINE ${names.qualified(target.name.slice(0, open))}${target.name.slice(open)}`;
    }
    case 'collation':
      return `COLLATION ${names.qualified(target.name)}`;
    case 'text_search_dictionary':
      return `TEXT SEARCH DICTIONARY ${names.qualified(target.name)}`;
    case 'text_search_configuration':
      return `TEXT SEARCH CONFIGURATION ${names.qualified(target.name)}`;
    // An operator's symbol is no identifier: only its schema is quoted.
    case 'operator':
      return `OPERATOR ${names.ident(names.schema)}.${target.name}`;
    default:
      return `TABLE ${names.qualified(target.name)}`;
  }
}

/** Catalog rows' spellings of a kind: a relkind, `type:` and a typtype, `routine:` and a prokind, `constraint:` and a contype. */
const ROW_KINDS: Record<string, ObjectRef['kind']> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'view',
  S: 'sequence',
  i: 'index',
  I: 'index',
  'type:e': 'enum',
  'type:d': 'domain',
  'type:c': 'composite_type',
  'type:r': 'range_type',
  'routine:f': 'function',
  'routine:p': 'function',
  'routine:a': 'aggregate',
  'constraint:p': 'primary_key',
  'constraint:u': 'constraint',
  'constraint:c': 'constraint',
  'constraint:x': 'constraint',
  'constraint:f': 'foreign_key',
  // PostgreSQL 18's NOT NULL constraints and constraint triggers' constraints: COMMENT ON CONSTRAINT names them too.
  'constraint:n': 'constraint',
  'constraint:t': 'constraint',
};

/** The kind of the object a catalog row is about (ROW_KINDS), or the row's own word for it (`column`, `schema`). */
export const kindOfRow = (spelled: string): ObjectRef['kind'] => ROW_KINDS[spelled] ?? (spelled as ObjectRef['kind']);

/** Words for the object a comment or owner is about, in messages. */
export function targetNoun(target: ObjectRef): string {
  const kind = target.kind.replaceAll('_', ' ');
  return target.table !== undefined ? `${kind} ${target.table}.${target.name}` : target.kind === 'schema' ? 'the schema' : `${kind} ${target.name}`;
}

/** A reference to a table, column or enum follows its rename (and a column its table's). */
export function retargetRef(target: ObjectRef, renames: Renames): ObjectRef {
  if (target.kind === 'column') {
    const table = renames.table(target.table!);
    return { ...target, table, name: renames.column(table, target.name) };
  }
  if (target.kind === 'table' || target.kind === 'view' || target.kind === 'sequence') return { ...target, name: renames.table(target.name) };
  if (target.kind === 'enum') return { ...target, name: renames.typeName(target.name) };
  // A routine is named by its signature, whose types follow theirs (functions.ts retargets the routine alike).
  if (target.kind === 'function' || target.kind === 'aggregate') {
    const open = target.name.indexOf('(');
    return { ...target, name: `${target.name.slice(0, open + 1)}${renames.typesIn(target.name.slice(open + 1, -1))})` };
  }
  if (target.table !== undefined) {
    const table = renames.table(target.table);
    return { ...target, table, name: renames.tableObject(target.kind, table, target.name) };
  }
  return target;
}

/**
 * Identity, parent and rename-following of a kind that says one thing about another object, its `target`:
 * a comment, an owner, a tablespace (the schema itself has no parent).
 */
export function aboutTarget<T extends { target: ObjectRef }>(kind: RefKind) {
  return {
    ref: (object: T): ObjectRef => ({ kind, on: object.target.kind, ...(object.target.table === undefined ? {} : { table: object.target.table }), name: object.target.name }),
    parent: (object: T): ObjectRef | undefined => (object.target.kind === 'schema' ? undefined : object.target),
    retarget: (object: T, renames: Renames): T => ({ ...object, target: retargetRef(object.target, renames) }),
  };
}
