/**
 * The schema's objects of the kinds no other module reads in detail: foreign tables, operator classes and
 * families, conversions, text search parsers and templates, base and shell types. Each is compared by its
 * identity and by one definition the server writes (what follows the name in its CREATE statement), so a
 * stray, missing or changed one is never invisible. A fix creates one where the definition is the whole
 * statement; an operator class or family, or a base type, is created by several statements that only the
 * migrations hold, and the finding says so.
 */
import * as z from 'zod';
import type { CatalogKind, CompareContext } from '../kind.js';
import { PHASES, step, type Difference, type FixStep, type ObjectRef, type Phase } from '../model.js';
import { functionNameSql, notExtensionMember, visibleNameSql } from '../sql.js';
import { expressionUser, firstUser, naming } from '../users.js';

const OTHER_TYPES = ['foreign table', 'operator class', 'operator family', 'conversion', 'text search parser', 'text search template', 'shell type', 'base type'] as const;
type OtherType = (typeof OTHER_TYPES)[number];

const otherObject = z.object({
  type: z.enum(OTHER_TYPES),
  name: z.string(),
  /** The index access method of an operator class or family (its identity holds it), else null. */
  method: z.string().nullable(),
  /** What follows the name (and USING method) in the object's CREATE statement, as the server writes it. */
  definition: z.string(),
  /** A DEFAULT conversion or operator class (the one PostgreSQL picks for its encodings or type). */
  default: z.literal(true).optional(),
});
export type OtherObject = z.infer<typeof otherObject>;

type OtherRow = [type: OtherType, name: string, method: string | null, definition: string, isDefault: boolean];

interface Statement<Words> {
  /** The words after CREATE or DROP. */
  words: Words;
  /** When it runs: a create after what the object uses, a drop after what uses it. */
  phase: Phase;
  order: number;
}

interface TypeRules {
  /** Where the definition makes the whole CREATE statement, else null: no safe fix creates it. */
  create: Statement<(object: OtherObject) => string> | null;
  /** CASCADE: what depends on it is dropped with it. */
  drop: Statement<string> & { cascade?: true };
}

const TYPES: Record<OtherType, TypeRules> = {
  // Its server belongs to the database; views on it are dropped before it and created after.
  'foreign table': { create: { words: () => 'FOREIGN TABLE', phase: PHASES.tables, order: 1 }, drop: { words: 'FOREIGN TABLE', phase: PHASES.dropTables, order: 1 } },
  // Classes go before their family: dropping a family drops its classes, and a class dropped after it is gone already.
  'operator class': { create: null, drop: { words: 'OPERATOR CLASS', phase: PHASES.dropUnused, order: 2 } },
  'operator family': { create: null, drop: { words: 'OPERATOR FAMILY', phase: PHASES.dropUnused, order: 3 } },
  conversion: { create: { words: (object) => `${object.default ? 'DEFAULT ' : ''}CONVERSION`, phase: PHASES.functions, order: 2 }, drop: { words: 'CONVERSION', phase: PHASES.dropUnused, order: 1 } },
  // Before the dictionaries and configurations made from them (types phase, order -1), dropped after those (dropUnused, order 1).
  'text search parser': { create: { words: () => 'TEXT SEARCH PARSER', phase: PHASES.types, order: -2 }, drop: { words: 'TEXT SEARCH PARSER', phase: PHASES.dropUnused, order: 2 } },
  'text search template': { create: { words: () => 'TEXT SEARCH TEMPLATE', phase: PHASES.types, order: -2 }, drop: { words: 'TEXT SEARCH TEMPLATE', phase: PHASES.dropUnused, order: 2 } },
  // Before the functions that take or return it.
  'shell type': { create: { words: () => 'TYPE', phase: PHASES.types, order: -3 }, drop: { words: 'TYPE', phase: PHASES.dropUnused, order: 4 } },
  // It and its input and output functions depend on each other: only CASCADE drops them, so the functions are
  // not dropped on their own (functions.ts: their parent). A column still using it is changed in an earlier phase.
  'base type': { create: null, drop: { words: 'TYPE', phase: PHASES.dropUnused, order: 4, cascade: true } },
};

/** `mycls USING btree`: the identity DROP takes after the qualified name. */
const identity = (object: Pick<OtherObject, 'name' | 'method'>) => `${object.name}${object.method !== null ? ` USING ${object.method}` : ''}`;

/** The reference of one object (a base type's, for the functions it is made with). */
export const otherObjectRef = (type: OtherType, name: string, method: string | null = null): ObjectRef => ({ kind: 'other_object', name: `${type} ${identity({ name, method })}` });
const qualifiedIdentity = (object: OtherObject, { names }: CompareContext) => `${names.qualified(object.name)}${object.method !== null ? ` USING ${names.ident(object.method)}` : ''}`;

/** Its definition, and DEFAULT where it is the default. */
const describe = (object: OtherObject) => `${object.default ? 'DEFAULT ' : ''}${object.definition}` || object.type;

/** Why no fix creates one of a type without a create rule: several statements make it, which only the migrations hold. */
const madeByMigration = (object: OtherObject) =>
  `${/^[aeiou]/.test(object.type) ? 'an' : 'a'} ${object.type} is made by several statements (${object.definition}): run those of the migration that creates it`;
const uncreatable = (object: OtherObject) => (TYPES[object.type].create === null ? madeByMigration(object) : undefined);

function create(object: OtherObject, context: CompareContext): FixStep[] {
  const rule = TYPES[object.type].create;
  return rule === null ? [] : [step(rule.phase, `CREATE ${rule.words(object)} ${qualifiedIdentity(object, context)}${object.definition ? ` ${object.definition}` : ''};`, rule.order)];
}

function drop(object: OtherObject, context: CompareContext): FixStep[] {
  const rule = TYPES[object.type].drop;
  return [step(rule.phase, `DROP ${rule.words} ${qualifiedIdentity(object, context)}${rule.cascade ? ' CASCADE' : ''};`, rule.order)];
}

/**
 * `name value, …` of an options array (pg_options_to_table), in name order: the order written means nothing. Text
 * is sorted byte-wise (COLLATE "C") here and below, so that databases of other collations write the same.
 */
const optionsSql = (options: string) =>
  `(SELECT string_agg(quote_ident(o.option_name) || ' ' || quote_literal(o.option_value), ', ' ORDER BY o.option_name COLLATE "C") FROM pg_options_to_table(${options}) o)`;

/** CREATE FOREIGN TABLE's columns (type, options, NOT NULL, default) and CHECK constraints, or PARTITION OF. */
const FOREIGN_TABLE_SQL = `
  SELECT 'foreign table' AS type, c.relname::text AS name, NULL::text AS method,
         CASE WHEN c.relispartition
              THEN 'PARTITION OF ' || (SELECT ${visibleNameSql('p.relnamespace', 'p.relname')} FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid)
                   || ' ' || pg_get_expr(c.relpartbound, c.oid)
              ELSE '(' || concat_ws(', ',
                (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                          || coalesce(' OPTIONS (' || ${optionsSql('a.attfdwoptions')} || ')', '')
                          || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                          || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY a.attnum)
                   FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                (SELECT string_agg('CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname)
                   FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c')) || ')'
         END || ' SERVER ' || quote_ident(s.srvname) || coalesce(' OPTIONS (' || ${optionsSql('f.ftoptions')} || ')', '') AS definition, false AS is_default
    FROM pg_class c JOIN pg_foreign_table f ON f.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = f.ftserver
   WHERE c.relnamespace = $SCHEMA AND c.relkind = 'f' AND ${notExtensionMember('pg_class', 'c.oid')}`;

/** A family's operators and support functions, in one sorted list (ALTER OPERATOR FAMILY … ADD writes them so). */
const FAMILY_MEMBERS_SQL = `
  (SELECT string_agg(m.member, ', ' ORDER BY m.member COLLATE "C") FROM (
     SELECT 'OPERATOR ' || a.amopstrategy || ' ' || a.amopopr::regoperator::text
            || CASE WHEN a.amoppurpose = 'o' THEN ' FOR ORDER BY ' || (SELECT ${visibleNameSql('sf.opfnamespace', 'sf.opfname')} FROM pg_opfamily sf WHERE sf.oid = a.amopsortfamily) ELSE '' END AS member
       FROM pg_amop a WHERE a.amopfamily = f.oid
     UNION ALL
     SELECT 'FUNCTION ' || p.amprocnum || ' (' || format_type(p.amproclefttype, NULL) || ', ' || format_type(p.amprocrighttype, NULL) || ') ' || p.amproc::regprocedure::text
       FROM pg_amproc p WHERE p.amprocfamily = f.oid) m)`;

/** CREATE TYPE's options of a base type: its functions, then its storage. */
const BASE_TYPE_SQL = `'(' || concat_ws(', ',
    'INPUT = ' || ${functionNameSql('t.typinput')}, 'OUTPUT = ' || ${functionNameSql('t.typoutput')},
    CASE WHEN t.typreceive <> 0 THEN 'RECEIVE = ' || ${functionNameSql('t.typreceive')} END,
    CASE WHEN t.typsend <> 0 THEN 'SEND = ' || ${functionNameSql('t.typsend')} END,
    CASE WHEN t.typmodin <> 0 THEN 'TYPMOD_IN = ' || ${functionNameSql('t.typmodin')} END,
    CASE WHEN t.typmodout <> 0 THEN 'TYPMOD_OUT = ' || ${functionNameSql('t.typmodout')} END,
    CASE WHEN t.typanalyze <> 0 THEN 'ANALYZE = ' || ${functionNameSql('t.typanalyze')} END,
    'INTERNALLENGTH = ' || CASE WHEN t.typlen = -1 THEN 'VARIABLE' ELSE t.typlen::text END,
    CASE WHEN t.typbyval THEN 'PASSEDBYVALUE' END,
    'ALIGNMENT = ' || CASE t.typalign WHEN 'c' THEN 'char' WHEN 's' THEN 'int2' WHEN 'i' THEN 'int4' ELSE 'double' END,
    'STORAGE = ' || CASE t.typstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main' ELSE 'extended' END,
    'CATEGORY = ' || quote_literal(t.typcategory::text), CASE WHEN t.typispreferred THEN 'PREFERRED = true' END,
    CASE WHEN t.typdelim <> ',' THEN 'DELIMITER = ' || quote_literal(t.typdelim::text) END,
    CASE WHEN t.typcollation <> 0 THEN 'COLLATABLE = true' END) || ')'`;

/**
 * pg_type row `t` is a base type made by CREATE TYPE: not the array type PostgreSQL makes along with every type
 * (whose element type names it as its array; looked up by oid, so the filter stays cheap at scale).
 */
export const BASE_TYPE = `t.typtype = 'b' AND NOT (t.typelem <> 0 AND t.typlen = -1 AND EXISTS (SELECT FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid))`;
const BASE_OR_SHELL_TYPE = `(t.typtype = 'p' AND NOT t.typisdefined OR ${BASE_TYPE})`;

const functionOption = (option: string, oid: string) => `CASE WHEN ${oid} <> 0 THEN '${option} = ' || ${functionNameSql(oid)} END`;

export const otherObjects: CatalogKind<OtherObject> = {
  kind: 'other_object',
  object: otherObject,
  read: {
    // Names print unqualified when they are the schema's or pg_catalog's (the read's search_path).
    sql: `
      SELECT coalesce(json_agg(json_build_array(o.type, o.name, o.method, o.definition, o.is_default)), '[]')::text AS data FROM (
        ${FOREIGN_TABLE_SQL}
        UNION ALL
        SELECT 'operator class', c.opcname, am.amname, 'FOR TYPE ' || format_type(c.opcintype, NULL)
               || ' FAMILY ' || (SELECT ${visibleNameSql('f.opfnamespace', 'f.opfname')} FROM pg_opfamily f WHERE f.oid = c.opcfamily)
               || CASE WHEN c.opckeytype <> 0 THEN ' STORAGE ' || format_type(c.opckeytype, NULL) ELSE '' END, c.opcdefault
          FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod
         WHERE c.opcnamespace = $SCHEMA AND ${notExtensionMember('pg_opclass', 'c.oid')}
        UNION ALL
        SELECT 'operator family', f.opfname, am.amname, coalesce('ADD ' || ${FAMILY_MEMBERS_SQL}, ''), false
          FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod
         WHERE f.opfnamespace = $SCHEMA AND ${notExtensionMember('pg_opfamily', 'f.oid')}
        UNION ALL
        SELECT 'conversion', v.conname, NULL,
               'FOR ' || quote_literal(pg_encoding_to_char(v.conforencoding)) || ' TO ' || quote_literal(pg_encoding_to_char(v.contoencoding)) || ' FROM ' || ${functionNameSql('v.conproc')}, v.condefault
          FROM pg_conversion v
         WHERE v.connamespace = $SCHEMA AND ${notExtensionMember('pg_conversion', 'v.oid')}
        UNION ALL
        SELECT 'text search parser', p.prsname, NULL,
               '(' || concat_ws(', ', ${functionOption('START', 'p.prsstart')}, ${functionOption('GETTOKEN', 'p.prstoken')}, ${functionOption('END', 'p.prsend')},
                                      ${functionOption('LEXTYPES', 'p.prslextype')}, ${functionOption('HEADLINE', 'p.prsheadline')}) || ')', false
          FROM pg_ts_parser p
         WHERE p.prsnamespace = $SCHEMA AND ${notExtensionMember('pg_ts_parser', 'p.oid')}
        UNION ALL
        SELECT 'text search template', m.tmplname, NULL, '(' || concat_ws(', ', ${functionOption('INIT', 'm.tmplinit')}, ${functionOption('LEXIZE', 'm.tmpllexize')}) || ')', false
          FROM pg_ts_template m
         WHERE m.tmplnamespace = $SCHEMA AND ${notExtensionMember('pg_ts_template', 'm.oid')}
        UNION ALL
        SELECT CASE WHEN t.typisdefined THEN 'base type' ELSE 'shell type' END, t.typname, NULL, CASE WHEN t.typisdefined THEN ${BASE_TYPE_SQL} ELSE '' END, false
          FROM pg_type t
         WHERE t.typnamespace = $SCHEMA AND ${BASE_OR_SHELL_TYPE} AND ${notExtensionMember('pg_type', 't.oid')}
      ) o`,
    present: `EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = $SCHEMA AND c.relkind = 'f')
      OR EXISTS (SELECT FROM pg_opfamily f WHERE f.opfnamespace = $SCHEMA) OR EXISTS (SELECT FROM pg_opclass c WHERE c.opcnamespace = $SCHEMA)
      OR EXISTS (SELECT FROM pg_conversion v WHERE v.connamespace = $SCHEMA)
      OR EXISTS (SELECT FROM pg_ts_parser p WHERE p.prsnamespace = $SCHEMA) OR EXISTS (SELECT FROM pg_ts_template m WHERE m.tmplnamespace = $SCHEMA)
      OR EXISTS (SELECT FROM pg_type t WHERE t.typnamespace = $SCHEMA AND ${BASE_OR_SHELL_TYPE})`,
    catalogs: ['pg_class', 'pg_foreign_table', 'pg_foreign_server', 'pg_attribute', 'pg_attrdef', 'pg_constraint', 'pg_inherits', 'pg_opclass', 'pg_opfamily', 'pg_am', 'pg_amop', 'pg_amproc', 'pg_conversion', 'pg_ts_parser', 'pg_ts_template', 'pg_type', 'pg_proc', 'pg_depend'],
    functions: ['format_type', 'pg_get_expr', 'pg_get_constraintdef', 'pg_options_to_table', 'pg_encoding_to_char'],
    assemble: (rows) => (rows as unknown as OtherRow[]).map(([type, name, method, definition, isDefault]) => ({ type, name, method, definition, ...(isDefault ? { default: true as const } : {}) })),
  },
  ref: (object) => otherObjectRef(object.type, object.name, object.method),
  noun: (object) => `${object.type} ${identity(object)}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A foreign table, operator class or family, conversion, text search parser or template, or base type the schema defines does not exist' },
    unexpected: { severity: 'warning', summary: 'A foreign table, operator class or family, conversion, text search parser or template, or base type exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A foreign table, operator class or family, conversion, text search parser or template, or base type has another definition' },
  },
  uncreatable,
  create,
  drop,
  differences(expected, actual, context): Difference[] {
    if (describe(expected) === describe(actual)) return [];
    return [{
      code: 'mismatch',
      message: `${expected.type} ${identity(expected)} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: describe(expected),
      actual: describe(actual),
      fix: recreate(expected, actual, context),
    }];
  },
};

/** What uses the object by name, so that PostgreSQL will not drop it. */
function userOf(object: OtherObject, { actual, names }: CompareContext): string | undefined {
  const name = names.ident(object.name);
  switch (object.type) {
    case 'foreign table':
      return expressionUser(actual, naming([object.name]));
    case 'text search template':
      return firstUser(actual.textSearchDictionaries, (dictionary) => `text search dictionary ${dictionary.name}`, (dictionary) => dictionary.template === name);
    case 'text search parser':
      return firstUser(actual.textSearchConfigurations, (configuration) => `text search configuration ${configuration.name}`, (configuration) => configuration.parser === name);
    default:
      return undefined;
  }
}

/** Dropped and created anew, just before it is created, unless something uses it (no ALTER changes what is compared). */
function recreate(expected: OtherObject, actual: OtherObject, context: CompareContext): FixStep[] | { unsafe: string } {
  const rule = TYPES[expected.type].create;
  if (rule === null) return { unsafe: madeByMigration(expected) };
  const user = userOf(actual, context);
  if (user) return { unsafe: `${user} uses it, and it must be dropped and created anew for this change: drop what uses it, create the ${expected.type} anew, create that again` };
  return [step(rule.phase, `DROP ${TYPES[actual.type].drop.words} ${qualifiedIdentity(actual, context)};`, rule.order - 1), ...create(expected, context), ...context.createChildren(otherObjects.ref(expected))];
}
