/**
 * Privileges granted on the schema, its tables, views, sequences, columns, functions, aggregates and types, one
 * object per object and grantee. The owner's own privileges come with ownership and are left to the owners kind; an
 * object without an ACL has PostgreSQL's defaults (acldefault), so "never granted" and "granted the
 * defaults" compare equal.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { objectRefSchema, PHASES, refKey, step, type Difference, type FixStep, type ObjectRef } from '../model.js';
import { notExtensionMember, notInternalPart, standaloneType } from '../sql.js';
import { designator, kindOfRow, retargetRef, targetNoun } from './designators.js';

const privilegeObject = z.lazy(() => z.object({
  /** What the privileges are on: a table, view, sequence, column, function, aggregate, type or the schema. */
  target: objectRefSchema,
  /** A role name, or PUBLIC. */
  grantee: z.string(),
  /** Privilege names (SELECT, INSERT, USAGE, EXECUTE...), sorted. */
  privileges: z.array(z.string()),
  /** Those the grantee may grant on (WITH GRANT OPTION), sorted. */
  grantable: z.array(z.string()),
}));
export type Privilege = z.infer<typeof privilegeObject>;

/** Privileges that newer servers added, by the first server_version_num that has them. */
const ADDED_IN: Record<string, number> = { MAINTAIN: 170000 };
/** A server at least this new holds every privilege there is. */
export const HOLDS_EVERY_PRIVILEGE = Math.max(...Object.values(ADDED_IN));
/** Whether a server of `version` has the privilege `name`. */
export const heldIn = (version: number) => (name: string) => (ADDED_IN[name] ?? 0) <= version;

/** What PostgreSQL grants PUBLIC on a new object of a kind (acldefault). */
export const PUBLIC_BY_DEFAULT: Partial<Record<ObjectRef['kind'], string>> = {
  function: 'EXECUTE',
  aggregate: 'EXECUTE',
  enum: 'USAGE',
  domain: 'USAGE',
  composite_type: 'USAGE',
  range_type: 'USAGE',
};

type PrivilegeRow = [on: string, table: string | null, name: string, grantee: string, privileges: string[], grantable: string[] | null];


/**
 * One row per object and grantee. Left out: the owner (its privileges come with ownership). The role running
 * the check is read as any other: compare.ts decides (withoutReaderAccess).
 */
const ACL_ROWS = (acl: string, owner: string) => `
  CROSS JOIN LATERAL (SELECT a.grantee, array_agg(a.privilege_type ORDER BY a.privilege_type) AS privileges,
                             array_agg(a.privilege_type ORDER BY a.privilege_type) FILTER (WHERE a.is_grantable) AS grantable
                        FROM aclexplode(${acl}) a WHERE a.grantee <> ${owner} GROUP BY a.grantee) g`;

const GRANTEE = "CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee) END";

/** GRANT's and REVOKE's object: a table's (or view's, or column's) as TABLE, the others as COMMENT ON names them. */
function onClause(target: ObjectRef, context: CompareContext): string {
  if (target.kind === 'column') return `TABLE ${context.names.qualified(target.table!)}`;
  return target.kind === 'table' || target.kind === 'view' ? `TABLE ${context.names.qualified(target.name)}` : designator(target, context);
}

const grantee = (name: string, names: CompareContext['names']) => (name === 'PUBLIC' ? 'PUBLIC' : names.ident(name));
const columnList = (target: ObjectRef, names: CompareContext['names']) => (target.kind === 'column' ? ` (${names.ident(target.name)})` : '');

function grant(privilege: Privilege, which: readonly string[], withOption: boolean, context: CompareContext): FixStep {
  const { names } = context;
  const list = which.map((name) => `${name}${columnList(privilege.target, names)}`).join(', ');
  return step(PHASES.privileges, `GRANT ${list} ON ${onClause(privilege.target, context)} TO ${grantee(privilege.grantee, names)}${withOption ? ' WITH GRANT OPTION' : ''};`);
}

/**
 * Revokes privileges, or only the option to grant them (a column's own, not the whole table's). Where the grantee
 * held the option, it may have granted the privilege on: PostgreSQL refuses the revoke ("dependent privileges
 * exist") unless CASCADE revokes those grants too. Grantors are not read, so what the schema grants others on
 * the object is granted again after it (by the owner; where they held it already, that changes nothing).
 */
function revoke(privilege: Privilege, which: readonly string[], context: CompareContext, what: 'privileges' | 'grant option' = 'privileges'): FixStep[] {
  const { names } = context;
  const list = which.map((name) => `${name}${columnList(privilege.target, names)}`).join(', ');
  const cascade = which.some((name) => privilege.grantable.includes(name));
  const statement = step(PHASES.privileges, `REVOKE ${what === 'grant option' ? 'GRANT OPTION FOR ' : ''}${list} ON ${onClause(privilege.target, context)} FROM ${grantee(privilege.grantee, names)}${cascade ? ' CASCADE' : ''};`, -1);
  if (!cascade) return [statement];
  const target = refKey(privilege.target);
  const others = context.expected.privileges.filter((other) => other.grantee !== privilege.grantee && refKey(other.target) === target);
  return [statement, ...others.flatMap((other) => grantsTo(other, context))];
}

const describe = (privilege: Privilege) =>
  privilege.privileges.map((name) => (privilege.grantable.includes(name) ? `${name} WITH GRANT OPTION` : name)).join(', ');

/** `app is not granted SELECT on table users in the database`, and the like. */
const granted = (privilege: Privilege, which: string, context: CompareContext) => `${privilege.grantee} is granted ${which} on ${targetNoun(privilege.target)} in ${context.actualLabel}, which ${context.expectedLabel} does not grant`;
const notGranted = (privilege: Privilege, which: string, context: CompareContext) => `${privilege.grantee} is not granted ${which} on ${targetNoun(privilege.target)} in ${context.actualLabel}`;

const byTarget = new WeakMap<readonly Privilege[], Map<string, Privilege[]>>();

/** A catalog's privileges by their object (refKey), indexed once per catalog. */
function privilegesOn(list: readonly Privilege[]): Map<string, Privilege[]> {
  let index = byTarget.get(list);
  if (!index) {
    index = new Map();
    for (const privilege of list) {
      const key = refKey(privilege.target);
      const entries = index.get(key);
      if (entries) entries.push(privilege);
      else index.set(key, [privilege]);
    }
    byTarget.set(list, index);
  }
  return index;
}

const grantsTo = (privilege: Privilege, context: CompareContext): FixStep[] => {
  const plain = privilege.privileges.filter((name) => !privilege.grantable.includes(name));
  return [...(plain.length ? [grant(privilege, plain, false, context)] : []), ...(privilege.grantable.length ? [grant(privilege, privilege.grantable, true, context)] : [])];
};

export const privileges: CatalogKind<Privilege> = {
  kind: 'privilege',
  object: privilegeObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(row), '[]')::text AS data FROM (
        SELECT json_build_array(c.relkind, NULL, c.relname, ${GRANTEE}, g.privileges, g.grantable) AS row
          FROM pg_class c ${ACL_ROWS('c.relacl', 'c.relowner')}
         WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL AND ${notExtensionMember('pg_class', 'c.oid')}
        UNION ALL
        SELECT json_build_array('column', c.relname, a.attname, ${GRANTEE}, g.privileges, g.grantable)
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid ${ACL_ROWS('a.attacl', 'c.relowner')}
         WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
        UNION ALL
        SELECT json_build_array('routine:' || p.prokind::text, NULL, p.proname || '(' || oidvectortypes(p.proargtypes) || ')', ${GRANTEE}, g.privileges, g.grantable)
          FROM pg_proc p ${ACL_ROWS("coalesce(p.proacl, acldefault('f', p.proowner))", 'p.proowner')}
         WHERE p.pronamespace = $SCHEMA AND p.prokind IN ('f', 'p', 'a') AND ${notExtensionMember('pg_proc', 'p.oid')} AND ${notInternalPart('pg_proc', 'p.oid')}
        UNION ALL
        SELECT json_build_array('type:' || t.typtype::text, NULL, t.typname, ${GRANTEE}, g.privileges, g.grantable)
          FROM pg_type t ${ACL_ROWS("coalesce(t.typacl, acldefault('T', t.typowner))", 't.typowner')}
         WHERE t.typnamespace = $SCHEMA AND ${standaloneType('t')} AND ${notExtensionMember('pg_type', 't.oid')}
        UNION ALL
        SELECT json_build_array('schema', NULL, '', ${GRANTEE}, g.privileges, g.grantable)
          FROM pg_namespace n ${ACL_ROWS("coalesce(n.nspacl, acldefault('n', n.nspowner))", 'n.nspowner')}
         WHERE n.oid = $SCHEMA) AS rows`,
    catalogs: ['pg_class', 'pg_attribute', 'pg_proc', 'pg_type', 'pg_namespace', 'pg_depend'],
    functions: ['aclexplode', 'acldefault', 'pg_get_userbyid', 'oidvectortypes'],
    assemble: (rows) =>
      (rows as unknown as PrivilegeRow[]).map(([on, table, name, granteeName, list, grantable]) => ({
        target: on === 'column' ? { kind: 'column', table: table!, name } : { kind: kindOfRow(on), name },
        grantee: granteeName,
        privileges: list,
        grantable: grantable ?? [],
      })),
  },
  ref: (privilege) => ({ kind: 'privilege', on: privilege.target.kind, ...(privilege.target.table !== undefined ? { table: privilege.target.table } : {}), name: privilege.target.name, member: privilege.grantee }),
  // Grants go (and come) with their object; the schema's own grants stand alone.
  parent: (privilege) => (privilege.target.kind === 'schema' ? undefined : privilege.target),
  // A new object comes with PostgreSQL's defaults: createdWith grants the rest and revokes what the schema does not give.
  createdWithParent: true,
  noun: (privilege) => `the privileges of ${privilege.grantee} on ${targetNoun(privilege.target)}`,
  describe,
  absence: {
    missing: (privilege, context) => notGranted(privilege, describe(privilege), context),
    unexpected: (privilege, context) => granted(privilege, describe(privilege), context),
  },
  codes: {
    missing: { severity: 'error', summary: 'A privilege the schema grants is not granted' },
    unexpected: { severity: 'warning', summary: 'A privilege is granted that the schema does not grant' },
  },
  create: (privilege, context) => grantsTo(privilege, context),
  drop: (privilege, context) => revoke(privilege, privilege.privileges, context),
  differences(expected, actual, context): Difference[] {
    const differences: Difference[] = [];
    const withOption = (name: string) => `${name} WITH GRANT OPTION`;
    // What to grant: privileges not held, and grant options not held where the schema gives them.
    const toGrant = expected.privileges.filter((name) => !actual.privileges.includes(name) || (expected.grantable.includes(name) && !actual.grantable.includes(name)));
    if (toGrant.length) {
      differences.push({
        code: 'missing',
        message: notGranted(expected, toGrant.map((name) => (actual.privileges.includes(name) ? withOption(name) : name)).join(', '), context),
        expected: describe(expected),
        actual: describe(actual),
        fix: grantsTo({ ...expected, privileges: toGrant, grantable: expected.grantable.filter((name) => toGrant.includes(name)) }, context),
      });
    }
    const extra = actual.privileges.filter((name) => !expected.privileges.includes(name));
    const extraOption = actual.grantable.filter((name) => expected.privileges.includes(name) && !expected.grantable.includes(name));
    if (extra.length || extraOption.length) {
      differences.push({
        code: 'unexpected',
        message: granted(actual, [...extra, ...extraOption.map(withOption)].join(', '), context),
        expected: describe(expected),
        actual: describe(actual),
        fix: [
          ...(extra.length ? revoke(actual, extra, context) : []),
          ...(extraOption.length ? revoke(actual, extraOption, context, 'grant option') : []),
        ],
      });
    }
    return differences;
  },
  // A new function or type gives PUBLIC EXECUTE or USAGE: granted again only with a grant option, and taken
  // back where the schema has no such grant.
  createdWith(parent, context) {
    const wanted = privilegesOn(context.expected.privileges).get(refKey(parent)) ?? [];
    const usual = PUBLIC_BY_DEFAULT[parent.kind];
    if (!usual) return wanted.flatMap((privilege) => grantsTo(privilege, context));
    const beyondUsual = (privilege: Privilege) =>
      privilege.grantee === 'PUBLIC' ? { ...privilege, privileges: privilege.privileges.filter((name) => name !== usual || privilege.grantable.includes(name)) } : privilege;
    const publicKeeps = wanted.some((privilege) => privilege.grantee === 'PUBLIC' && privilege.privileges.includes(usual));
    return [
      ...wanted.flatMap((privilege) => grantsTo(beyondUsual(privilege), context)),
      ...(publicKeeps ? [] : revoke({ target: parent, grantee: 'PUBLIC', privileges: [usual], grantable: [] }, [usual], context)),
    ];
  },
  retarget: (privilege, renames) => ({ ...privilege, target: retargetRef(privilege.target, renames) }),
  // GRANT ALL gives MAINTAIN on 17 and later: a lock written on 18 expects it where 15 cannot hold it.
  grantee: (entry) => entry.grantee,
  heldBy: (list, version) =>
    version >= HOLDS_EVERY_PRIVILEGE ? list : list.flatMap((privilege) => {
      const held = privilege.privileges.filter(heldIn(version));
      if (held.length === privilege.privileges.length) return [privilege];
      return held.length ? [{ ...privilege, privileges: held, grantable: privilege.grantable.filter((name) => held.includes(name)) }] : [];
    }),
};
