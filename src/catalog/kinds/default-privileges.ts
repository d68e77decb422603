/**
 * Default privileges (ALTER DEFAULT PRIVILEGES): what objects a role creates later are granted, in the
 * checked schema or in every schema. One object per role, scope, object type and grantee: the privileges it
 * adds to PostgreSQL's usual ones (and their grant options), and the usual ones it takes away (a setting for
 * every schema can revoke EXECUTE on functions from PUBLIC). The creating role is compared as "the usual
 * owner" when it is the schema's usual owner (owners.ts: USUAL_OWNER), since that role differs between environments.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { USUAL_OWNER } from './owners.js';
import { heldIn, HOLDS_EVERY_PRIVILEGE } from './privileges.js';

const OBJECT_TYPES = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas', L: 'large objects' } as const;

const defaultPrivilegeObject = z.lazy(() => z.object({
  /** The role whose new objects get the privileges. */
  role: z.string(),
  /** Whether that role is the schema's usual owner (see USUAL_OWNER), so compared as "the usual owner". */
  usual: z.boolean(),
  /** IN SCHEMA (the checked one), or every schema. */
  inSchema: z.boolean(),
  /** ON LARGE OBJECTS exists from PostgreSQL 18. */
  objects: z.enum(['tables', 'sequences', 'functions', 'types', 'schemas', 'large objects']),
  grantee: z.string(),
  /** Privileges beyond the usual ones, sorted. */
  granted: z.array(z.string()),
  /** Those the grantee may grant on, sorted. */
  grantable: z.array(z.string()),
  /** Usual privileges taken away, sorted. */
  revoked: z.array(z.string()),
}));
export type DefaultPrivilege = z.infer<typeof defaultPrivilegeObject>;

type DefaultPrivilegeRow = [role: string, usual: boolean, inSchema: boolean, objtype: keyof typeof OBJECT_TYPES, grantee: string, granted: string[] | null, grantable: string[] | null, revoked: string[] | null];

const creator = (entry: DefaultPrivilege) => (entry.usual ? 'the usual owner' : entry.role);
const scope = (entry: DefaultPrivilege) => (entry.inSchema ? '' : ' in every schema');

function describe(entry: DefaultPrivilege): string {
  const granted = entry.granted.map((name) => (entry.grantable.includes(name) ? `${name} WITH GRANT OPTION` : name));
  const options = entry.grantable.filter((name) => !entry.granted.includes(name)).map((name) => `GRANT OPTION FOR ${name}`);
  const parts = [...granted, ...options, ...(entry.revoked.length ? [`without ${entry.revoked.join(', ')}`] : [])];
  return parts.length ? parts.join(', ') : 'the usual privileges';
}

/** An entry that changes nothing: what a missing or extra one is compared with. */
const usualOnly = (entry: DefaultPrivilege): DefaultPrivilege => ({ ...entry, granted: [], grantable: [], revoked: [] });

/**
 * The statements that turn `from`'s defaults into `to`'s. FOR ROLE names the actual side's role; the usual
 * owner's is left out when only the schema names it, so the role running the fix (the one running the
 * migrations) is meant.
 */
function statements(to: DefaultPrivilege, from: DefaultPrivilege, role: string | undefined, { names }: CompareContext): FixStep[] {
  const head = `ALTER DEFAULT PRIVILEGES${role === undefined ? '' : ` FOR ROLE ${names.ident(role)}`}${to.inSchema ? ` IN SCHEMA ${names.ident(names.schema)}` : ''}`;
  const grantee = to.grantee === 'PUBLIC' ? 'PUBLIC' : names.ident(to.grantee);
  const tail = (list: string[]) => `${list.join(', ')} ON ${to.objects.toUpperCase()}`;
  // The usual privileges in question: only those can be revoked, or held with a grant option but not granted.
  const usual = new Set([...from.revoked, ...to.revoked, ...[from, to].flatMap((entry) => entry.grantable.filter((name) => !entry.granted.includes(name)))]);
  const held = (entry: DefaultPrivilege, name: string) => entry.granted.includes(name) || entry.grantable.includes(name) || (usual.has(name) && !entry.revoked.includes(name));
  const named = [...new Set([...from.granted, ...to.granted, ...from.revoked, ...to.revoked, ...from.grantable, ...to.grantable])].sort();
  const revoke = named.filter((name) => held(from, name) && !held(to, name));
  const dropOption = named.filter((name) => from.grantable.includes(name) && !to.grantable.includes(name) && held(to, name));
  const grant = named.filter((name) => !held(from, name) && held(to, name) && !to.grantable.includes(name));
  const grantOption = named.filter((name) => to.grantable.includes(name) && !from.grantable.includes(name));
  return [
    ...(revoke.length ? [step(PHASES.privileges, `${head} REVOKE ${tail(revoke)} FROM ${grantee};`, -1)] : []),
    ...(dropOption.length ? [step(PHASES.privileges, `${head} REVOKE GRANT OPTION FOR ${tail(dropOption)} FROM ${grantee};`, -1)] : []),
    ...(grant.length ? [step(PHASES.privileges, `${head} GRANT ${tail(grant)} TO ${grantee};`)] : []),
    ...(grantOption.length ? [step(PHASES.privileges, `${head} GRANT ${tail(grantOption)} TO ${grantee} WITH GRANT OPTION;`)] : []),
  ];
}

export const defaultPrivileges: CatalogKind<DefaultPrivilege> = {
  kind: 'default_privilege',
  object: defaultPrivilegeObject,
  read: {
    // Settings for every schema hold the whole ACL (the usual one changed); those of one schema only what they
    // add. Each grantee's privileges are set against the usual ones (acldefault, which spells sequences 's').
    // Settings for every schema count only for roles that own objects here (a platform's own roles set theirs).
    // The WITH queries run only when there are settings.
    sql: `
      WITH ${USUAL_OWNER.sql}
      SELECT coalesce(json_agg(json_build_array(pg_get_userbyid(d.defaclrole),
               coalesce(d.defaclrole = (SELECT u.role FROM usual_owner u), false),
               d.defaclnamespace <> 0, d.defaclobjtype, e.grantee, e.granted, e.grantable, e.revoked)), '[]')::text AS data
        FROM pg_default_acl d
        CROSS JOIN LATERAL (
          SELECT CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee) END AS grantee,
                 array_agg(g.privilege_type ORDER BY g.privilege_type) FILTER (WHERE g.held AND NOT g.usual) AS granted,
                 array_agg(g.privilege_type ORDER BY g.privilege_type) FILTER (WHERE g.held AND g.grantable) AS grantable,
                 array_agg(g.privilege_type ORDER BY g.privilege_type) FILTER (WHERE NOT g.held) AS revoked
            FROM (SELECT coalesce(a.grantee, u.grantee) AS grantee, coalesce(a.privilege_type, u.privilege_type) AS privilege_type,
                         a.grantee IS NOT NULL AS held, u.grantee IS NOT NULL AS usual, coalesce(a.is_grantable, false) AS grantable
                    FROM aclexplode(d.defaclacl) a
                    FULL JOIN (SELECT * FROM aclexplode(acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END, d.defaclrole))
                                WHERE d.defaclnamespace = 0) u ON u.grantee = a.grantee AND u.privilege_type = a.privilege_type) g
           GROUP BY g.grantee) e
       WHERE (d.defaclnamespace = $SCHEMA OR d.defaclnamespace = 0 AND d.defaclrole IN (SELECT o.role FROM owned o))
         AND (e.granted IS NOT NULL OR e.grantable IS NOT NULL OR e.revoked IS NOT NULL)`,
    present: `EXISTS (SELECT FROM pg_default_acl)`,
    catalogs: ['pg_default_acl', ...USUAL_OWNER.catalogs],
    functions: ['aclexplode', 'acldefault', ...USUAL_OWNER.functions],
    assemble: (rows) =>
      (rows as unknown as DefaultPrivilegeRow[]).map(([role, usual, inSchema, objtype, grantee, granted, grantable, revoked]) => ({
        role,
        usual,
        inSchema,
        objects: OBJECT_TYPES[objtype],
        grantee,
        granted: granted ?? [],
        grantable: grantable ?? [],
        revoked: revoked ?? [],
      })),
  },
  ref: (entry) => ({ kind: 'default_privilege', on: 'schema', name: `${entry.objects} of ${creator(entry)}${scope(entry)}`, member: entry.grantee }),
  noun: (entry) => `the default privileges of ${entry.grantee} on ${entry.objects} that ${creator(entry)} creates${scope(entry)}`,
  describe,
  absence: {
    missing: (entry, { actualLabel }) => `${defaultPrivileges.noun(entry)} are not set in ${actualLabel} (expected ${describe(entry)})`,
    unexpected: (entry, { actualLabel, expectedLabel }) => `${defaultPrivileges.noun(entry)} are ${describe(entry)} in ${actualLabel}, which ${expectedLabel} does not set`,
  },
  codes: {
    missing: { severity: 'error', summary: 'A default privilege (ALTER DEFAULT PRIVILEGES) the schema sets is not set' },
    unexpected: { severity: 'warning', summary: 'A default privilege (ALTER DEFAULT PRIVILEGES) is set that the schema does not set' },
    mismatch: { severity: 'error', summary: 'Default privileges grant (or take away) other privileges than the schema sets' },
  },
  create: (entry, context) => statements(entry, usualOnly(entry), entry.usual ? undefined : entry.role, context),
  drop: (entry, context) => statements(usualOnly(entry), entry, entry.role, context),
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    return [{
      code: 'mismatch',
      message: `${defaultPrivileges.noun(expected)} are ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: statements(expected, actual, actual.role, context),
    }];
  },
  // ALL gives MAINTAIN on 17 and later: a lock written on 18 sets it where 15 cannot.
  grantee: (entry) => entry.grantee,
  heldBy: (list, version) =>
    version >= HOLDS_EVERY_PRIVILEGE
      ? list
      : list.flatMap((entry) => {
          const held = { ...entry, granted: entry.granted.filter(heldIn(version)), grantable: entry.grantable.filter(heldIn(version)), revoked: entry.revoked.filter(heldIn(version)) };
          return describe(held) === describe(usualOnly(held)) ? [] : [held];
        }),
};
