/**
 * Owners of the schema and of its tables, views, sequences, types, routines, collations, operators and text
 * search objects. Owners differ between environments for good reasons (each has its own application role), so
 * they are compared only when the config asks for it, and relative to each database's usual owner: the role
 * that owns most of the schema's objects is "the usual owner" on both sides, and only objects owned by someone
 * else stand out.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { objectRefSchema, PHASES, step, type Difference, type FixStep } from '../model.js';
import { notExtensionMember, notInternalPart, standaloneType } from '../sql.js';
import { aboutTarget, designator, kindOfRow, targetNoun } from './designators.js';
import { operatorSignatureSql, ownOperatorsSql } from './operators.js';

const ownerObject = z.lazy(() => z.object({
  target: objectRefSchema,
  /** The owning role. */
  owner: z.string(),
  /** Whether that role is the schema's usual owner (see USUAL_OWNER). */
  usual: z.boolean(),
}));
export type Owner = z.infer<typeof ownerObject>;

type OwnerRow = [on: string, name: string, owner: string, usual: boolean];

/**
 * The schema's usual owner, as two WITH queries: "owned" (object_kind, name, role), the schema itself and its
 * relations, types, routines, collations, operators and text search objects (not an extension's, nor a table's
 * own parts), and "usual_owner", the role owning most of them (ties to the first name). Owners and default
 * privileges compare against it.
 */
export const USUAL_OWNER = {
  sql: `owned AS (
        SELECT c.relkind::text AS object_kind, c.relname::text AS name, c.relowner AS role
          FROM pg_class c
         WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${notExtensionMember('pg_class', 'c.oid')}
           AND ${notInternalPart('pg_class', 'c.oid')}
        UNION ALL
        SELECT 'type:' || t.typtype::text, t.typname::text, t.typowner
          FROM pg_type t
         WHERE t.typnamespace = $SCHEMA AND ${standaloneType('t')} AND ${notExtensionMember('pg_type', 't.oid')}
        UNION ALL
        SELECT 'routine:' || p.prokind::text, p.proname || '(' || oidvectortypes(p.proargtypes) || ')', p.proowner
          FROM pg_proc p
         WHERE p.pronamespace = $SCHEMA AND p.prokind IN ('f', 'p', 'a') AND ${notExtensionMember('pg_proc', 'p.oid')} AND ${notInternalPart('pg_proc', 'p.oid')}
        UNION ALL
        SELECT 'collation', l.collname::text, l.collowner
          FROM pg_collation l
         WHERE l.collnamespace = $SCHEMA AND ${notExtensionMember('pg_collation', 'l.oid')}
        UNION ALL
        SELECT 'operator', ${operatorSignatureSql('o')}, o.oprowner FROM pg_operator o WHERE ${ownOperatorsSql('o')}
        UNION ALL
        SELECT 'text_search_dictionary', t.dictname::text, t.dictowner FROM pg_ts_dict t WHERE t.dictnamespace = $SCHEMA AND ${notExtensionMember('pg_ts_dict', 't.oid')}
        UNION ALL
        SELECT 'text_search_configuration', t.cfgname::text, t.cfgowner FROM pg_ts_config t WHERE t.cfgnamespace = $SCHEMA AND ${notExtensionMember('pg_ts_config', 't.oid')}
        UNION ALL
        SELECT 'schema', '', n.nspowner FROM pg_namespace n WHERE n.oid = $SCHEMA),
      usual_owner AS (SELECT o.role FROM owned o GROUP BY o.role ORDER BY count(*) DESC, pg_get_userbyid(o.role) LIMIT 1)`,
  catalogs: ['pg_class', 'pg_type', 'pg_proc', 'pg_collation', 'pg_operator', 'pg_ts_dict', 'pg_ts_config', 'pg_namespace', 'pg_depend'],
  functions: ['pg_get_userbyid', 'oidvectortypes', 'format_type'],
};

const describe = (owner: Owner) => (owner.usual ? `the usual owner (${owner.owner})` : owner.owner);

/** ALTER ... OWNER TO the role `expected` names: the database's own usual owner, or that role (undefined: none). */
function giveTo(expected: Owner, context: CompareContext): FixStep[] | undefined {
  const role = expected.usual ? context.actual.owners.find((owner) => owner.usual)?.owner : expected.owner;
  return role === undefined ? undefined : [step(PHASES.comments, `ALTER ${designator(expected.target, context)} OWNER TO ${context.names.ident(role)};`)];
}

export const owners: CatalogKind<Owner> = {
  kind: 'owner',
  object: ownerObject,
  read: {
    sql: `
      WITH ${USUAL_OWNER.sql}
      SELECT coalesce(json_agg(json_build_array(o.object_kind, o.name, pg_get_userbyid(o.role), o.role = (SELECT u.role FROM usual_owner u))), '[]')::text AS data
        FROM owned o`,
    catalogs: USUAL_OWNER.catalogs,
    functions: USUAL_OWNER.functions,
    optional: 'owners',
    assemble: (rows) => (rows as unknown as OwnerRow[]).map(([on, name, owner, usual]) => ({ target: { kind: kindOfRow(on), name }, owner, usual })),
  },
  // The schema is named '' (as privileges name it): two schemas of other names compare.
  ...aboutTarget<Owner>('owner'),
  noun: (owner) => `the owner of ${targetNoun(owner.target)}`,
  describe,
  codes: {
    mismatch: { severity: 'warning', summary: 'An object is owned by another role than its peers (owners are compared only when the config enables them)' },
  },
  // Objects come with their owner: a missing or extra object is reported by its own kind. One a fix creates
  // (or rebuilds) belongs to the role running the fix, so it is given the owner it should have.
  create: (owner, context) => giveTo(owner, context) ?? [],
  drop: () => [],
  differences(expected, actual, context): Difference[] {
    if (expected.usual === actual.usual && (expected.usual || expected.owner === actual.owner)) return [];
    return [{
      code: 'mismatch',
      message: `${targetNoun(expected.target)} is owned by ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: giveTo(expected, context) ?? { unsafe: 'the database has no usual owner to give it back to: choose the role by hand' },
    }];
  },
};
