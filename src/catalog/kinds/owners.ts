/**
 * Owners of the schema and of its tables, views, sequences, types and functions. Owners differ between
 * environments for good reasons (each has its own application role), so they are compared only when the
 * config asks for it, and relative to each database's usual owner: the role that owns most of the schema's
 * objects is "the usual owner" on both sides, and only objects owned by someone else stand out.
 */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { objectRefSchema, PHASES, step, type Difference } from '../model.js';
import { notExtensionMember, notInternalPart, standaloneType } from '../sql.js';
import { designator, kindOfRow, targetNoun } from './designators.js';
import { retargetRef } from './privileges.js';

const ownerObject = z.object({
  target: objectRefSchema,
  /** The owning role. */
  owner: z.string(),
  /** Whether that role is the database's usual owner (the one owning most of the schema's objects). */
  usual: z.boolean(),
});
export type Owner = z.infer<typeof ownerObject>;

type OwnerRow = [on: string, name: string, owner: string];


const describe = (owner: Owner) => (owner.usual ? `the usual owner (${owner.owner})` : owner.owner);

export const owners: CatalogKind<Owner> = {
  kind: 'owner',
  object: ownerObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(row), '[]')::text AS data FROM (
        SELECT json_build_array(c.relkind::text, c.relname, pg_get_userbyid(c.relowner)) AS row
          FROM pg_class c
         WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${notExtensionMember('pg_class', 'c.oid')}
           AND ${notInternalPart('pg_class', 'c.oid')}
        UNION ALL
        SELECT json_build_array('type:' || t.typtype::text, t.typname, pg_get_userbyid(t.typowner))
          FROM pg_type t
         WHERE t.typnamespace = $SCHEMA AND ${standaloneType('t')} AND ${notExtensionMember('pg_type', 't.oid')}
        UNION ALL
        SELECT json_build_array('routine:' || p.prokind::text, p.proname || '(' || oidvectortypes(p.proargtypes) || ')', pg_get_userbyid(p.proowner))
          FROM pg_proc p
         WHERE p.pronamespace = $SCHEMA AND p.prokind IN ('f', 'p', 'a') AND ${notExtensionMember('pg_proc', 'p.oid')} AND ${notInternalPart('pg_proc', 'p.oid')}
        UNION ALL
        SELECT json_build_array('collation', l.collname, pg_get_userbyid(l.collowner))
          FROM pg_collation l
         WHERE l.collnamespace = $SCHEMA AND ${notExtensionMember('pg_collation', 'l.oid')}
        UNION ALL
        SELECT json_build_array('schema', '', pg_get_userbyid(n.nspowner)) FROM pg_namespace n WHERE n.oid = $SCHEMA) AS rows`,
    catalogs: ['pg_class', 'pg_type', 'pg_proc', 'pg_collation', 'pg_namespace', 'pg_depend'],
    functions: ['pg_get_userbyid', 'oidvectortypes'],
    optional: 'owners',
    assemble(rows) {
      const list = rows as unknown as OwnerRow[];
      const counts = new Map<string, number>();
      for (const [, , owner] of list) counts.set(owner, (counts.get(owner) ?? 0) + 1);
      const usual = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
      return list.map(([on, name, owner]) => ({ target: { kind: kindOfRow(on), name }, owner, usual: owner === usual }));
    },
  },
  // The schema is named '' (as privileges name it): two schemas of other names compare.
  ref: (owner) => ({ kind: 'owner', on: owner.target.kind, name: owner.target.name }),
  parent: (owner) => (owner.target.kind === 'schema' ? undefined : owner.target),
  noun: (owner) => `the owner of ${targetNoun(owner.target)}`,
  describe,
  codes: {
    mismatch: { severity: 'warning', summary: 'An object is owned by another role than its peers (owners are compared only when the config enables them)' },
  },
  // Objects come with their owner: a missing or extra object is reported by its own kind.
  create: () => [],
  drop: () => [],
  differences(expected, actual, context): Difference[] {
    if (expected.usual === actual.usual && (expected.usual || expected.owner === actual.owner)) return [];
    const role = expected.usual ? context.actual.owners.find((owner) => owner.usual)?.owner : expected.owner;
    return [{
      code: 'mismatch',
      message: `${targetNoun(expected.target)} is owned by ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: role
        ? [step(PHASES.comments, `ALTER ${designator(expected.target, context)} OWNER TO ${context.names.ident(role)};`)]
        : { unsafe: 'the database has no usual owner to give it back to: choose the role by hand' },
    }];
  },
  retarget: (owner, renames) => ({ ...owner, target: retargetRef(owner.target, renames) }),
};
