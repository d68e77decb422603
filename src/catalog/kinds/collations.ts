/**
 * Collations (CREATE COLLATION): provider, locale (or LC_COLLATE and LC_CTYPE for libc), determinism and ICU
 * rules. PostgreSQL cannot alter one: a changed collation is dropped and created anew while nothing uses it.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';
import { notExtensionMember, quoteLiteral } from '../sql.js';
import { expressionUser, firstUser, naming } from '../users.js';

const PROVIDERS = { c: 'libc', i: 'icu', b: 'builtin' } as const;

const collationObject = z.lazy(() => z.object({
  name: z.string(),
  provider: z.enum(['libc', 'icu', 'builtin']),
  /** The ICU or builtin locale; null for libc. */
  locale: z.string().nullable(),
  /** libc's LC_COLLATE and LC_CTYPE; null for the other providers. */
  collate: z.string().nullable(),
  ctype: z.string().nullable(),
  deterministic: z.boolean(),
  /** ICU tailoring rules (PostgreSQL 16 and later), or null. */
  rules: z.string().nullable(),
}));
export type Collation = z.infer<typeof collationObject>;

type CollationRow = [name: string, provider: keyof typeof PROVIDERS, deterministic: boolean, collate: string | null, ctype: string | null, locale: string | null, rules: string | null];

/** The options of CREATE COLLATION. */
const options = (collation: Collation) =>
  [
    `provider = ${collation.provider}`,
    ...(collation.locale !== null ? [`locale = ${quoteLiteral(collation.locale)}`] : []),
    ...(collation.collate !== null ? [`lc_collate = ${quoteLiteral(collation.collate)}`] : []),
    ...(collation.ctype !== null ? [`lc_ctype = ${quoteLiteral(collation.ctype)}`] : []),
    ...(collation.deterministic ? [] : ['deterministic = false']),
    ...(collation.rules !== null ? [`rules = ${quoteLiteral(collation.rules)}`] : []),
  ].join(', ');
const describe = (collation: Collation) => `(${options(collation)})`;

/** What uses the collation by name: a column, a domain, a composite attribute, a range, or an expression. */
function userOf(collation: Collation, { actual }: CompareContext): string | undefined {
  const named = (name: string | null) => name === collation.name;
  return (
    firstUser(actual.columns, (column) => `column ${column.table}.${column.name}`, (column) => named(column.collation)) ??
    firstUser(actual.domains, (domain) => `domain ${domain.name}`, (domain) => named(domain.collation)) ??
    firstUser(actual.compositeTypes, (type) => `composite type ${type.name}`, (type) => type.attributes.some((attribute) => named(attribute.collation))) ??
    firstUser(actual.rangeTypes, (range) => `range type ${range.name}`, (range) => named(range.collation)) ??
    expressionUser(actual, naming([collation.name]))
  );
}

export const collations: CatalogKind<Collation> = {
  kind: 'collation',
  object: collationObject,
  read: {
    // The locale's column is colliculocale on 15 and 16, colllocale from 17; up to 14 an ICU locale is collcollate.
    sql: (version) => `
      SELECT coalesce(json_agg(json_build_array(c.collname, c.collprovider, c.collisdeterministic, c.collcollate, c.collctype,
               ${version >= 170000 ? 'c.colllocale' : version >= 150000 ? 'c.colliculocale' : 'NULL'}, ${version >= 160000 ? 'c.collicurules' : 'NULL'})), '[]')::text AS data
        FROM pg_collation c
       WHERE c.collnamespace = $SCHEMA AND ${notExtensionMember('pg_collation', 'c.oid')}`,
    present: `EXISTS (SELECT FROM pg_collation c WHERE c.collnamespace = $SCHEMA)`,
    catalogs: ['pg_collation', 'pg_depend'],
    assemble: (rows) =>
      (rows as unknown as CollationRow[]).map(([name, provider, deterministic, collate, ctype, locale, rules]) => {
        const libc = provider === 'c';
        return {
          name,
          provider: PROVIDERS[provider],
          // PostgreSQL 16 and later store an ICU locale as a BCP 47 tag (en-US where 15 keeps en_US).
          locale: libc ? null : provider === 'i' ? (locale ?? collate)!.replaceAll('_', '-') : (locale ?? collate),
          collate: libc ? collate : null,
          ctype: libc ? ctype : null,
          deterministic,
          rules,
        };
      }),
  },
  ref: (collation) => ({ kind: 'collation', name: collation.name }),
  noun: (collation) => `collation ${collation.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A collation the schema defines does not exist' },
    unexpected: { severity: 'warning', summary: 'A collation exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A collation has another provider, locale, determinism or rules' },
  },
  // Before the types and columns that use it; dropped after them.
  create: (collation, { names }) => [step(PHASES.types, `CREATE COLLATION ${names.qualified(collation.name)} (${options(collation)});`, -2)],
  drop: (collation, { names }) => [step(PHASES.dropUnused, `DROP COLLATION ${names.qualified(collation.name)};`, 1)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const user = userOf(actual, context);
    return [{
      code: 'mismatch',
      message: `collation ${expected.name} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: user
        ? { unsafe: `${user} uses it, and PostgreSQL cannot change a collation: move what uses it to another collation, create this one anew, move back` }
        : [step(PHASES.types, `DROP COLLATION ${context.names.qualified(actual.name)};`, -3), ...collations.create(expected, context), ...context.createChildren(collations.ref(expected))],
    }];
  },
};
