/** Domains: base type, collation, default, NOT NULL and CHECK constraints. */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { PHASES, step, type Difference, type FixStep, type Phase } from '../model.js';
import type { Catalog } from '../registry.js';
import { notExtensionMember } from '../sql.js';
import { normaliseType } from '../types.js';
import { naming } from '../users.js';
import { differingClauses } from './clauses.js';
import { withoutFlags } from './constraint-flags.js';

const domainObject = z.lazy(() => z.object({
  name: z.string(),
  type: z.string(),
  collation: z.string().nullable(),
  default: z.string().nullable(),
  notNull: z.boolean(),
  /** CHECK constraints by name: definition without flags, and whether it was validated. */
  checks: z.array(z.object({ name: z.string(), definition: z.string(), validated: z.boolean() })),
}));
export type Domain = z.infer<typeof domainObject>;

/**
 * Whether the domain's DEFAULT or a CHECK calls one of `catalog`'s functions, or takes a sequence's next value
 * (the sequence is a literal there: any nextval counts).
 */
function callsSchemaRoutine(domain: Domain, catalog: Catalog): boolean {
  const named = naming([...catalog.functions.map((routine) => routine.name), 'nextval']);
  return named(domain.default) || domain.checks.some((entry) => named(entry.definition));
}

type Check = Domain['checks'][number];

const check = (entry: Check, ident: (name: string) => string) => `CONSTRAINT ${ident(entry.name)} ${entry.definition}${entry.validated ? '' : ' NOT VALID'}`;
/** The domain as CREATE DOMAIN writes it after AS, with names (collation, constraints) written by `ident`. */
const definition = (domain: Domain, ident: (name: string) => string) =>
  [
    domain.type,
    ...(domain.collation ? [`COLLATE ${ident(domain.collation)}`] : []),
    ...(domain.default !== null ? [`DEFAULT ${domain.default}`] : []),
    ...(domain.notNull ? ['NOT NULL'] : []),
    ...domain.checks.map((entry) => check(entry, ident)),
  ].join(' ');
const describe = (domain: Domain) => definition(domain, (name) => name);

/** One clause per aspect, for naming what differs: `checks` are the names of both sides' checks. */
const aspects = (domain: Domain, checks: readonly string[]) => [
  domain.type,
  `COLLATE ${domain.collation ?? 'default'}`,
  domain.notNull ? 'NOT NULL' : 'NULL',
  domain.default === null ? 'without DEFAULT' : `DEFAULT ${domain.default}`,
  ...checks.map((name) => {
    const entry = domain.checks.find((candidate) => candidate.name === name);
    return entry ? check(entry, (text) => text) : `without CONSTRAINT ${name}`;
  }),
];

export const domains: CatalogKind<Domain> = {
  kind: 'domain',
  object: domainObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(
               t.typname, format_type(t.typbasetype, t.typtypmod),
               CASE WHEN t.typcollation <> b.typcollation THEN (SELECT l.collname FROM pg_collation l WHERE l.oid = t.typcollation) END,
               pg_get_expr(t.typdefaultbin, 0), t.typnotnull,
               ARRAY(SELECT json_build_array(k.conname, pg_get_constraintdef(k.oid), k.convalidated)
                       FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.conname))), '[]')::text AS data
        FROM pg_type t JOIN pg_type b ON b.oid = t.typbasetype
       WHERE t.typnamespace = $SCHEMA AND t.typtype = 'd' AND ${notExtensionMember('pg_type', 't.oid')}`,
    present: `EXISTS (SELECT FROM pg_type t WHERE t.typnamespace = $SCHEMA AND t.typtype = 'd')`,
    catalogs: ['pg_type', 'pg_collation', 'pg_constraint', 'pg_depend'],
    functions: ['format_type', 'pg_get_expr', 'pg_get_constraintdef'],
    assemble: (rows) =>
      rows.map(([name, type, collation, defaultValue, notNull, checks]) => ({
        name: name as string,
        type: normaliseType(type as string),
        collation: collation as string | null,
        default: defaultValue as string | null,
        notNull: notNull as boolean,
        checks: (checks as Array<[string, string, boolean]>).map(([checkName, definition, validated]) => ({ name: checkName, definition: withoutFlags(definition), validated })),
      })),
  },
  ref: (domain) => ({ kind: 'domain', name: domain.name }),
  noun: (domain) => `domain ${domain.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A domain the schema expects does not exist' },
    unexpected: { severity: 'warning', summary: 'A domain exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A domain has another base type, collation, default, NOT NULL or CHECK constraints' },
  },
  create: (domain, { names, expected }) => {
    const ident = (name: string) => names.ident(name);
    // A DEFAULT or CHECK that calls the schema's functions or sequences is added once they exist (after the
    // functions, which may take the domain); CREATE DOMAIN takes no NOT VALID, so a check left unvalidated is
    // added after it too.
    const later = callsSchemaRoutine(domain, expected);
    const rule = (rest: string) => step(later ? PHASES.domainRules : PHASES.types, `ALTER DOMAIN ${names.qualified(domain.name)} ${rest};`);
    return [
      step(PHASES.types, `CREATE DOMAIN ${names.qualified(domain.name)} AS ${definition(later ? { ...domain, default: null, checks: [] } : { ...domain, checks: domain.checks.filter((entry) => entry.validated) }, ident)};`),
      ...(later && domain.default !== null ? [rule(`SET DEFAULT ${domain.default}`)] : []),
      ...domain.checks.filter((entry) => later || !entry.validated).map((entry) => rule(`ADD ${check(entry, ident)}`)),
    ];
  },
  drop: (domain, { names }) => [step(PHASES.dropUnused, `DROP DOMAIN ${names.qualified(domain.name)};`)],
  differences(expected, actual, context): Difference[] {
    // Defaults are compared by meaning, as columns' are (equivalence.ts).
    const sameDefault =
      expected.default === actual.default || (expected.default !== null && actual.default !== null && context.sameDefault(expected.type, expected.default, actual.default));
    if (sameDefault && describe({ ...expected, default: null }) === describe({ ...actual, default: null })) return [];
    const { names } = context;
    // What is set, where it calls the schema's functions, comes after them (as on a domain created).
    const alter = (rest: string, phase: Phase = PHASES.types) => step(phase, `ALTER DOMAIN ${names.qualified(expected.name)} ${rest};`);
    const set = (rest: string) => alter(rest, callsSchemaRoutine(expected, context.expected) ? PHASES.domainRules : PHASES.types);
    const checks = [...new Set([...expected.checks, ...actual.checks].map((entry) => entry.name))];
    const message = `domain ${expected.name} is ${differingClauses(aspects(expected, checks), aspects(sameDefault ? { ...actual, default: expected.default } : actual, checks))}`;
    if (expected.type !== actual.type || expected.collation !== actual.collation) {
      return [{ code: 'mismatch', message, expected: describe(expected), actual: describe(actual), fix: { unsafe: `PostgreSQL cannot change a domain's base type or collation: create ${expected.name} anew and convert its columns` } }];
    }
    const steps: FixStep[] = [];
    if (!sameDefault) steps.push(expected.default === null ? alter('DROP DEFAULT') : set(`SET DEFAULT ${expected.default}`));
    if (expected.notNull !== actual.notNull) steps.push(alter(expected.notNull ? 'SET NOT NULL' : 'DROP NOT NULL'));
    const had = new Map(actual.checks.map((entry) => [entry.name, entry]));
    const wanted = new Map(expected.checks.map((entry) => [entry.name, entry]));
    // A check is kept when it says the same, unless the schema leaves it NOT VALID and it was validated.
    const keeps = (target: Check, found: Check) => target.definition === found.definition && (target.validated || !found.validated);
    for (const entry of actual.checks) {
      const target = wanted.get(entry.name);
      if (!target || !keeps(target, entry)) steps.push(alter(`DROP CONSTRAINT ${names.ident(entry.name)}`));
    }
    for (const entry of expected.checks) {
      const found = had.get(entry.name);
      if (!found || !keeps(entry, found)) steps.push(set(`ADD ${check(entry, (name) => names.ident(name))}`));
      else if (entry.validated && !found.validated) steps.push(set(`VALIDATE CONSTRAINT ${names.ident(entry.name)}`));
    }
    return [{ code: 'mismatch', message, expected: describe(expected), actual: describe(actual), fix: steps }];
  },
};
