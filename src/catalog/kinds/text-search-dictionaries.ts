/**
 * Text search dictionaries (CREATE TEXT SEARCH DICTIONARY): template and options. A changed one is altered in
 * place where only its options differ, else (another template) dropped and created anew while no configuration
 * maps to it.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep } from '../model.js';
import { notExtensionMember, visibleNameSql } from '../sql.js';
import { firstUser } from '../users.js';

const dictionaryObject = z.lazy(() => z.object({
  name: z.string(),
  /** The template, qualified when it is neither the schema's nor pg_catalog's. */
  template: z.string(),
  /** The options as PostgreSQL keeps them (`language = 'english', stopwords = 'english'`), or null. */
  options: z.string().nullable(),
}));
export type TextSearchDictionary = z.infer<typeof dictionaryObject>;

type DictionaryRow = [name: string, template: string, options: string | null];

const describe = (dictionary: TextSearchDictionary) => `(TEMPLATE = ${dictionary.template}${dictionary.options !== null ? `, ${dictionary.options}` : ''})`;

/**
 * The options as PostgreSQL keeps them, as [name, option]: `name = value`, comma-separated, the name quoted where
 * needed, the value a number or a quoted string (E'…' where it holds a backslash).
 */
const optionsOf = (options: string | null) =>
  [...(options ?? '').matchAll(/("(?:[^"]|"")+"|\w+) = (E'(?:[^'\\]|''|\\.)*'|'(?:[^']|'')*'|[^,\s]+)/g)].map((match) => [match[1]!, match[0]] as const);
const optionNames = (options: string | null) => optionsOf(options).map(([name]) => name);
/** In name order (CREATE keeps them in the order written, which means nothing); as kept where they read otherwise. */
function sortedOptions(options: string | null): string | null {
  const parsed = optionsOf(options);
  if (options === null || parsed.map(([, option]) => option).join(', ') !== options) return options;
  return parsed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, option]) => option).join(', ');
}

// Before the configurations that map to it, and the columns and indexes that use those.
const create = (dictionary: TextSearchDictionary, { names }: CompareContext): FixStep =>
  step(PHASES.types, `CREATE TEXT SEARCH DICTIONARY ${names.qualified(dictionary.name)} ${describe(dictionary)};`, -1);

export const textSearchDictionaries: CatalogKind<TextSearchDictionary> = {
  kind: 'text_search_dictionary',
  object: dictionaryObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(json_build_array(d.dictname,
               (SELECT ${visibleNameSql('t.tmplnamespace', 't.tmplname')} FROM pg_ts_template t WHERE t.oid = d.dicttemplate), d.dictinitoption)), '[]')::text AS data
        FROM pg_ts_dict d
       WHERE d.dictnamespace = $SCHEMA AND ${notExtensionMember('pg_ts_dict', 'd.oid')}`,
    present: `EXISTS (SELECT FROM pg_ts_dict d WHERE d.dictnamespace = $SCHEMA)`,
    catalogs: ['pg_ts_dict', 'pg_ts_template', 'pg_depend'],
    assemble: (rows) => (rows as unknown as DictionaryRow[]).map(([name, template, options]) => ({ name, template, options: sortedOptions(options) })),
  },
  ref: (dictionary) => ({ kind: 'text_search_dictionary', name: dictionary.name }),
  noun: (dictionary) => `text search dictionary ${dictionary.name}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A text search dictionary the schema defines does not exist' },
    unexpected: { severity: 'warning', summary: 'A text search dictionary exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A text search dictionary has another template or options' },
  },
  create: (dictionary, context) => [create(dictionary, context)],
  // After the configurations that map to it (1), before its template (other-objects.ts: 2).
  drop: (dictionary, { names }) => [step(PHASES.dropUnused, `DROP TEXT SEARCH DICTIONARY ${names.qualified(dictionary.name)};`, 1.5)],
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    const { names } = context;
    const fix = (): FixStep[] | { unsafe: string } => {
      if (expected.template === actual.template) {
        // Options named without a value are taken away.
        const gone = optionNames(actual.options).filter((name) => !optionNames(expected.options).includes(name));
        const options = [...(expected.options !== null ? [expected.options] : []), ...gone].join(', ');
        // Nothing to write (options it could not read one by one): created anew instead.
        if (options) return [step(PHASES.types, `ALTER TEXT SEARCH DICTIONARY ${names.qualified(actual.name)} (${options});`, -1)];
      }
      const user = firstUser(context.actual.textSearchConfigurations, (configuration) => `text search configuration ${configuration.name}`, (configuration) =>
        configuration.mappings.some((mapping) => mapping.dictionaries.includes(names.ident(actual.name))),
      );
      if (user) return { unsafe: `${user} maps to it, and the dictionary must be created anew for this change: map it to another dictionary, create this one anew, map it back` };
      return [step(PHASES.types, `DROP TEXT SEARCH DICTIONARY ${names.qualified(actual.name)};`, -2), create(expected, context), ...context.createChildren(textSearchDictionaries.ref(expected))];
    };
    return [{
      code: 'mismatch',
      message: `text search dictionary ${expected.name} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: fix(),
    }];
  },
};
