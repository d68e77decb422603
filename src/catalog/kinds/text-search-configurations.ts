/**
 * Text search configurations (CREATE TEXT SEARCH CONFIGURATION): parser, and which dictionaries each token type
 * is mapped to, in order. Mappings are altered in place; another parser drops the configuration and creates it
 * anew while nothing uses it.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { notExtensionMember, visibleNameSql } from '../sql.js';
import { expressionUser } from '../users.js';

const mappingObject = z.lazy(() => z.object({
  /** Token types (the parser's aliases, sorted) mapped to the same dictionaries. */
  tokens: z.array(z.string()),
  /** Dictionaries in the order they are consulted, qualified when neither the schema's nor pg_catalog's. */
  dictionaries: z.array(z.string()),
}));
type Mapping = z.infer<typeof mappingObject>;

const configurationObject = z.lazy(() => z.object({
  name: z.string(),
  /** The parser, qualified when neither the schema's nor pg_catalog's. */
  parser: z.string(),
  /** Sorted by their first token type. */
  mappings: z.array(mappingObject),
}));
export type TextSearchConfiguration = z.infer<typeof configurationObject>;

type ConfigurationRow = [name: string, parser: string, tokens: Array<[token: string, dictionaries: string[]]> | null];

const mappingText = (mapping: Mapping) => `${mapping.tokens.join(', ')} WITH ${mapping.dictionaries.join(', ')}`;
const describe = (configuration: TextSearchConfiguration) => `(PARSER = ${configuration.parser}) ${configuration.mappings.map((mapping) => `[${mappingText(mapping)}]`).join(' ')}`.trim();

/** Token types grouped by the dictionaries they are mapped to. */
function groupMappings(tokens: ReadonlyArray<[token: string, dictionaries: string[]]>): Mapping[] {
  const groups = new Map<string, Mapping>();
  for (const [token, dictionaries] of tokens) {
    const key = JSON.stringify(dictionaries);
    const group = groups.get(key) ?? { tokens: [], dictionaries };
    group.tokens.push(token);
    groups.set(key, group);
  }
  const mappings = [...groups.values()].map((mapping) => ({ ...mapping, tokens: mapping.tokens.sort() }));
  return mappings.sort((a, b) => (a.tokens[0]! < b.tokens[0]! ? -1 : 1));
}

/** Each token type of `mappings` with its dictionaries. */
const byToken = (mappings: readonly Mapping[]) => new Map(mappings.flatMap((mapping) => mapping.tokens.map((token) => [token, mapping.dictionaries] as const)));

/** The ALTER statements that turn `from`'s mappings into `to`'s: alter or add the token types that differ, drop those `to` lacks. */
function remap(from: TextSearchConfiguration, to: TextSearchConfiguration, { names }: CompareContext): FixStep[] {
  const [had, wanted] = [byToken(from.mappings), byToken(to.mappings)];
  const alter = (rest: string) => step(PHASES.types, `ALTER TEXT SEARCH CONFIGURATION ${names.qualified(to.name)} ${rest};`, 1);
  const changed = (verb: 'ALTER' | 'ADD', present: boolean) =>
    groupMappings([...wanted].filter(([token, dictionaries]) => had.has(token) === present && JSON.stringify(had.get(token)) !== JSON.stringify(dictionaries)).map(([token, dictionaries]) => [token, [...dictionaries]]));
  const dropped = [...had.keys()].filter((token) => !wanted.has(token)).sort();
  return [
    ...(dropped.length ? [alter(`DROP MAPPING FOR ${dropped.join(', ')}`)] : []),
    ...changed('ALTER', true).map((mapping) => alter(`ALTER MAPPING FOR ${mappingText(mapping)}`)),
    ...changed('ADD', false).map((mapping) => alter(`ADD MAPPING FOR ${mappingText(mapping)}`)),
  ];
}

// After the dictionaries it maps to (types phase, order -1); before the columns and indexes that name it.
const create = (configuration: TextSearchConfiguration, context: CompareContext): FixStep[] => [
  step(PHASES.types, `CREATE TEXT SEARCH CONFIGURATION ${context.names.qualified(configuration.name)} (PARSER = ${configuration.parser});`, 0),
  ...remap({ ...configuration, mappings: [] }, configuration, context),
];

/** What names the configuration (`'name'::regconfig` in a default, an index, a view...). */
function userOf(configuration: TextSearchConfiguration, { actual, names }: CompareContext): string | undefined {
  const literal = `'${names.ident(configuration.name).replaceAll("'", "''")}'::regconfig`;
  return expressionUser(actual, (text) => text !== null && text.includes(literal));
}

export const textSearchConfigurations: CatalogKind<TextSearchConfiguration> = {
  kind: 'text_search_configuration',
  object: configurationObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(c.cfgname,
               (SELECT ${visibleNameSql('p.prsnamespace', 'p.prsname')} FROM pg_ts_parser p WHERE p.oid = c.cfgparser),
               (SELECT json_agg(json_build_array(t.alias, m.dictionaries) ORDER BY t.alias)
                  FROM (SELECT m.maptokentype, array_agg(m.mapdict::regdictionary::text ORDER BY m.mapseqno) AS dictionaries
                          FROM pg_ts_config_map m WHERE m.mapcfg = c.oid GROUP BY m.maptokentype) m
                  JOIN ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype))), '[]')::text AS data
        FROM pg_ts_config c
       WHERE c.cfgnamespace = $SCHEMA AND ${notExtensionMember('pg_ts_config', 'c.oid')}`,
    present: `EXISTS (SELECT FROM pg_ts_config c WHERE c.cfgnamespace = $SCHEMA)`,
    catalogs: ['pg_ts_config', 'pg_ts_config_map', 'pg_ts_parser', 'pg_depend'],
    functions: ['ts_token_type'],
    assemble: (rows) => (rows as unknown as ConfigurationRow[]).map(([name, parser, tokens]) => ({ name, parser, mappings: groupMappings(tokens ?? []) })),
  },
  ref: (configuration) => ({ kind: 'text_search_configuration', name: configuration.name }),
  noun: (configuration) => `text search configuration ${configuration.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A text search configuration the schema defines does not exist' },
    unexpected: { severity: 'warning', summary: 'A text search configuration exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A text search configuration has another parser, or maps token types to other dictionaries' },
  },
  create,
  // After the functions and domains that name it (0), before the dictionaries it maps to (1.5).
  drop: (configuration, { names }) => [step(PHASES.dropUnused, `DROP TEXT SEARCH CONFIGURATION ${names.qualified(configuration.name)};`, 1)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const fix = (): FixStep[] | { unsafe: string } => {
      if (expected.parser === actual.parser) return remap(actual, expected, context);
      const user = userOf(actual, context);
      if (user) return { unsafe: `${user} uses it, and PostgreSQL cannot change a configuration's parser: drop what uses it, create the configuration anew, create it again` };
      return [step(PHASES.types, `DROP TEXT SEARCH CONFIGURATION ${context.names.qualified(actual.name)};`, -2), ...create(expected, context), ...context.createChildren(textSearchConfigurations.ref(expected))];
    };
    return [{
      code: 'mismatch',
      message: `text search configuration ${expected.name} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: fix(),
    }];
  },
};
