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
import { functionNameSql, notExtensionMember, stopIfAny, visibleNameSql } from '../sql.js';
import { firstUser } from '../users.js';

const OTHER_TYPES = ['foreign table', 'operator class', 'operator family', 'conversion', 'text search parser', 'text search template', 'shell type', 'base type'] as const;
type OtherType = (typeof OTHER_TYPES)[number];

const otherObject = z.lazy(() => z.object({
  type: z.enum(OTHER_TYPES),
  name: z.string(),
  /** The index access method of an operator class or family (its identity holds it), else null. */
  method: z.string().nullable(),
  /** What follows the name (and USING method) in the object's CREATE statement, as the server writes it. */
  definition: z.string(),
  /** A DEFAULT conversion or operator class (the one PostgreSQL picks for its encodings or type). */
  default: z.literal(true).optional(),
  /** The definition is not a whole CREATE statement: a foreign table that is a partition or inherits. */
  partial: z.literal(true).optional(),
}));
export type OtherObject = z.infer<typeof otherObject>;

type OtherRow = [type: OtherType, name: string, method: string | null, definition: string, isDefault: boolean, isPartial: boolean];

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
  /**
   * `order` may depend on the object. CASCADE: what depends on it is dropped with it, after a statement that stops
   * the script where anything but its own support functions still does.
   */
  drop: Omit<Statement<(object: OtherObject) => string>, 'order'> & { order: number | ((object: OtherObject) => number); cascade?: true };
  /** Where a change is not made by dropping it and creating it again: what makes it. */
  changedWith?: string;
  /** What an empty definition means. */
  empty?: string;
}

// Drops run in dropUnused unless said otherwise, among other kinds' (their orders): range types (-3), aggregates
// (-2), operator classes and families (between them and the operators they hold), operators (-1), functions and
// most types (0), collations, extensions and text search configurations (1), dictionaries (1.5), parsers and
// templates (2), shell types (4), base types (5), then the functions that one of these calls (functions.ts: 6).
const TYPES: Record<OtherType, TypeRules> = {
  // Its server belongs to the database. A partition or a child goes before the tables (its parent may be one); any
  // other after them, if a partitioned parent did not take it along, since a table may be its child.
  'foreign table': {
    create: { words: () => 'FOREIGN TABLE', phase: PHASES.tables, order: 1 },
    drop: { words: (object) => (object.partial ? 'FOREIGN TABLE' : 'FOREIGN TABLE IF EXISTS'), phase: PHASES.dropTables, order: (object) => (object.partial ? -1 : 1) },
    changedWith: 'ALTER FOREIGN TABLE, as the migration does: dropping and creating it again would lose its grants, comments and triggers, which are not compared',
  },
  // Classes go before their family: dropping a family drops its classes, and a class dropped after it is gone already.
  'operator class': { create: null, drop: { words: () => 'OPERATOR CLASS', phase: PHASES.dropUnused, order: -1.6 } },
  'operator family': { create: null, drop: { words: () => 'OPERATOR FAMILY', phase: PHASES.dropUnused, order: -1.3 }, empty: 'no operators or functions' },
  // Nothing depends on a conversion: a stray one goes first, so that it never holds the DEFAULT the schema's needs.
  conversion: {
    create: { words: (object) => `${object.default ? 'DEFAULT ' : ''}CONVERSION`, phase: PHASES.functions, order: 2 },
    drop: { words: () => 'CONVERSION', phase: PHASES.dropDependants, order: 0 },
  },
  // Before the dictionaries made from them (types phase, order -1): those are used by functions and domains. A
  // parser or template calling a function the fix creates fails (PostgreSQL's own are in pg_catalog).
  'text search parser': { create: { words: () => 'TEXT SEARCH PARSER', phase: PHASES.types, order: -2 }, drop: { words: () => 'TEXT SEARCH PARSER', phase: PHASES.dropUnused, order: 2 } },
  'text search template': { create: { words: () => 'TEXT SEARCH TEMPLATE', phase: PHASES.types, order: -2 }, drop: { words: () => 'TEXT SEARCH TEMPLATE', phase: PHASES.dropUnused, order: 2 } },
  // Before the functions that take or return it.
  'shell type': { create: { words: () => 'TYPE', phase: PHASES.types, order: -3 }, drop: { words: () => 'TYPE', phase: PHASES.dropUnused, order: 4 }, empty: 'a shell' },
  // It and its input, output, receive and send functions depend on each other: only CASCADE drops them, so these
  // are not dropped on their own (functions.ts: their parent). Dropped last, once what else used it is gone.
  'base type': { create: null, drop: { words: () => 'TYPE', phase: PHASES.dropUnused, order: 5, cascade: true } },
};

/** `mycls USING btree`: the identity DROP takes after the qualified name. */
const identity = (object: Pick<OtherObject, 'name' | 'method'>) => `${object.name}${object.method !== null ? ` USING ${object.method}` : ''}`;

/** The reference of one object (a base type's, for the functions it is made with). */
export const otherObjectRef = (type: OtherType, name: string, method: string | null = null): ObjectRef => ({ kind: 'other_object', name: `${type} ${identity({ name, method })}` });
const qualifiedIdentity = (object: OtherObject, { names }: CompareContext) => `${names.qualified(object.name)}${object.method !== null ? ` USING ${names.ident(object.method)}` : ''}`;

/** Its definition, and DEFAULT where it is the default. */
const describe = (object: OtherObject) => `${object.default ? 'DEFAULT ' : ''}${object.definition}` || (TYPES[object.type].empty ?? object.type);

/** How a fix creates it, or why none can: several statements make it, which only the migrations hold. */
function creation(object: OtherObject): Statement<(object: OtherObject) => string> | { unsafe: string } {
  const rule = TYPES[object.type].create;
  if (rule !== null && !object.partial) return rule;
  const what = object.partial ? 'a foreign table that is a partition or a child' : `${/^[aeiou]/.test(object.type) ? 'an' : 'a'} ${object.type}`;
  return { unsafe: `${what} is made by statements only its migration holds${object.definition ? ` (${object.definition})` : ''}: run those` };
}

function create(object: OtherObject, context: CompareContext): FixStep[] {
  const rule = creation(object);
  return 'unsafe' in rule ? [] : [step(rule.phase, `CREATE ${rule.words(object)} ${qualifiedIdentity(object, context)}${object.definition ? ` ${object.definition}` : ''};`, rule.order)];
}

function drop(object: OtherObject, context: CompareContext): FixStep[] {
  const rule = TYPES[object.type].drop;
  const statement = (sql: string) => step(rule.phase, sql, typeof rule.order === 'number' ? rule.order : rule.order(object));
  const dropped = statement(`DROP ${rule.words(object)} ${qualifiedIdentity(object, context)}${rule.cascade ? ' CASCADE' : ''};`);
  if (!rule.cascade) return [dropped];
  // CASCADE takes only what this check has dropped or changed before: the script stops where anything else (a
  // column of another schema's table, of the type or of its array type) still uses it. Its typmod, analyze and
  // subscript functions do not depend on it: they go after it.
  const { names } = context;
  const type = `${names.literal(names.qualified(object.name))}::regtype`;
  const io = `SELECT unnest(ARRAY[t.typinput, t.typoutput, t.typreceive, t.typsend]) FROM pg_type t WHERE t.oid = ${type}`;
  return [
    statement(stopIfAny('pg_depend d', `d.refclassid = 'pg_type'::regclass AND d.refobjid IN (${type}, (SELECT t.typarray FROM pg_type t WHERE t.oid = ${type})) AND d.deptype = 'n' AND NOT (d.classid = 'pg_proc'::regclass AND d.objid IN (${io}))`,
      `${object.type} ${object.name} is still used by objects the fix does not drop (perhaps in another schema): drop or change them first`)),
    dropped,
    ...context.actual.functions
      .filter((routine) => routine.typeSupport === object.name)
      .map((routine) => statement(`DROP FUNCTION IF EXISTS ${names.qualified(routine.name)}(${routine.argumentTypes});`)),
  ];
}

/**
 * `name value, …` of an options array (pg_options_to_table), in name order: the order written means nothing. Text
 * is sorted byte-wise (COLLATE "C") here and below, so that databases of other collations write the same.
 */
const optionsSql = (options: string) =>
  `(SELECT string_agg(quote_ident(o.option_name) || ' ' || quote_literal(o.option_value), ', ' ORDER BY o.option_name COLLATE "C") FROM pg_options_to_table(${options}) o)`;

/**
 * CREATE FOREIGN TABLE's columns (type, options, collation, NOT NULL, default or generation expression) and CHECK
 * constraints, server and options; and PARTITION OF with its bound, or INHERITS: those columns come from the
 * parent (partial), but all are listed, so that a change to any reads.
 */
const FOREIGN_TABLE_SQL = `
  SELECT 'foreign table' AS type, c.relname::text AS name, NULL::text AS method,
         CASE WHEN c.relispartition THEN 'PARTITION OF ' || inh.parents || ' ' || pg_get_expr(c.relpartbound, c.oid) || ' ' ELSE '' END
         || '(' || concat_ws(', ',
           (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                     || coalesce(' OPTIONS (' || ${optionsSql('a.attfdwoptions')} || ')', '')
                     || CASE WHEN a.attcollation NOT IN (0, ty.typcollation) THEN ' COLLATE ' || (SELECT ${visibleNameSql('co.collnamespace', 'co.collname')} FROM pg_collation co WHERE co.oid = a.attcollation) ELSE '' END
                     || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                     || CASE WHEN d.adbin IS NULL THEN ''
                             WHEN a.attgenerated = '' THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid)
                             ELSE ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ')' || CASE a.attgenerated WHEN 's' THEN ' STORED' ELSE ' VIRTUAL' END END,
                     ', ' ORDER BY a.attnum)
              FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
           (SELECT string_agg('CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname)
              FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c')) || ')'
         || CASE WHEN inh.parents IS NOT NULL AND NOT c.relispartition THEN ' INHERITS (' || inh.parents || ')' ELSE '' END
         || ' SERVER ' || quote_ident(s.srvname) || coalesce(' OPTIONS (' || ${optionsSql('f.ftoptions')} || ')', '') AS definition,
         false AS is_default, inh.parents IS NOT NULL AS is_partial
    FROM pg_class c JOIN pg_foreign_table f ON f.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = f.ftserver
    LEFT JOIN LATERAL (SELECT string_agg(${visibleNameSql('p.relnamespace', 'p.relname')}, ', ' ORDER BY i.inhseqno) AS parents
                         FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid) inh ON true
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

/** `OPTION = function` where the oid names one. */
const functionOption = (option: string, oid: string) => `CASE WHEN ${oid} <> 0 THEN '${option} = ' || ${functionNameSql(oid)} END`;

/** CREATE TYPE's options of a base type: its functions, then its storage, default, element and subscripting. */
const BASE_TYPE_SQL = `'(' || concat_ws(', ',
    ${functionOption('INPUT', 't.typinput')}, ${functionOption('OUTPUT', 't.typoutput')}, ${functionOption('RECEIVE', 't.typreceive')}, ${functionOption('SEND', 't.typsend')},
    ${functionOption('TYPMOD_IN', 't.typmodin')}, ${functionOption('TYPMOD_OUT', 't.typmodout')}, ${functionOption('ANALYZE', 't.typanalyze')},
    'INTERNALLENGTH = ' || CASE WHEN t.typlen = -1 THEN 'VARIABLE' ELSE t.typlen::text END,
    CASE WHEN t.typbyval THEN 'PASSEDBYVALUE' END,
    'ALIGNMENT = ' || CASE t.typalign WHEN 'c' THEN 'char' WHEN 's' THEN 'int2' WHEN 'i' THEN 'int4' ELSE 'double' END,
    'STORAGE = ' || CASE t.typstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main' ELSE 'extended' END,
    'CATEGORY = ' || quote_literal(t.typcategory::text), CASE WHEN t.typispreferred THEN 'PREFERRED = true' END,
    CASE WHEN t.typdelim <> ',' THEN 'DELIMITER = ' || quote_literal(t.typdelim::text) END,
    CASE WHEN t.typcollation <> 0 THEN 'COLLATABLE = true' END,
    CASE WHEN t.typdefault IS NOT NULL THEN 'DEFAULT = ' || quote_literal(t.typdefault) END,
    CASE WHEN t.typelem <> 0 THEN 'ELEMENT = ' || format_type(t.typelem, NULL) END,
    ${functionOption('SUBSCRIPT', 't.typsubscript')}) || ')'`;

/**
 * pg_type row `t` is a base type made by CREATE TYPE: not the array type PostgreSQL makes along with every type
 * (whose element type names it as its array; looked up by oid, so the filter stays cheap at scale).
 */
export const BASE_TYPE = `t.typtype = 'b' AND NOT (t.typelem <> 0 AND t.typlen = -1 AND EXISTS (SELECT FROM pg_type e WHERE e.oid = t.typelem AND e.typarray = t.oid))`;
const BASE_OR_SHELL_TYPE = `(t.typtype = 'p' AND NOT t.typisdefined OR ${BASE_TYPE})`;

export const otherObjects: CatalogKind<OtherObject> = {
  kind: 'other_object',
  object: otherObject,
  read: {
    // Names print unqualified when they are the schema's or pg_catalog's (the read's search_path).
    sql: `
      SELECT coalesce(json_agg(json_build_array(o.type, o.name, o.method, o.definition, o.is_default, o.is_partial)), '[]')::text AS data FROM (
        ${FOREIGN_TABLE_SQL}
        UNION ALL
        SELECT 'operator class', c.opcname, am.amname, 'FOR TYPE ' || format_type(c.opcintype, NULL)
               || ' FAMILY ' || (SELECT ${visibleNameSql('f.opfnamespace', 'f.opfname')} FROM pg_opfamily f WHERE f.oid = c.opcfamily)
               || CASE WHEN c.opckeytype <> 0 THEN ' STORAGE ' || format_type(c.opckeytype, NULL) ELSE '' END, c.opcdefault, false
          FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod
         WHERE c.opcnamespace = $SCHEMA AND ${notExtensionMember('pg_opclass', 'c.oid')}
        UNION ALL
        SELECT 'operator family', f.opfname, am.amname, coalesce('ADD ' || ${FAMILY_MEMBERS_SQL}, ''), false, false
          FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod
         WHERE f.opfnamespace = $SCHEMA AND ${notExtensionMember('pg_opfamily', 'f.oid')}
        UNION ALL
        SELECT 'conversion', v.conname, NULL,
               'FOR ' || quote_literal(pg_encoding_to_char(v.conforencoding)) || ' TO ' || quote_literal(pg_encoding_to_char(v.contoencoding)) || ' FROM ' || ${functionNameSql('v.conproc')}, v.condefault, false
          FROM pg_conversion v
         WHERE v.connamespace = $SCHEMA AND ${notExtensionMember('pg_conversion', 'v.oid')}
        UNION ALL
        SELECT 'text search parser', p.prsname, NULL,
               '(' || concat_ws(', ', ${functionOption('START', 'p.prsstart')}, ${functionOption('GETTOKEN', 'p.prstoken')}, ${functionOption('END', 'p.prsend')},
                                      ${functionOption('LEXTYPES', 'p.prslextype')}, ${functionOption('HEADLINE', 'p.prsheadline')}) || ')', false, false
          FROM pg_ts_parser p
         WHERE p.prsnamespace = $SCHEMA AND ${notExtensionMember('pg_ts_parser', 'p.oid')}
        UNION ALL
        SELECT 'text search template', m.tmplname, NULL, '(' || concat_ws(', ', ${functionOption('INIT', 'm.tmplinit')}, ${functionOption('LEXIZE', 'm.tmpllexize')}) || ')', false, false
          FROM pg_ts_template m
         WHERE m.tmplnamespace = $SCHEMA AND ${notExtensionMember('pg_ts_template', 'm.oid')}
        UNION ALL
        SELECT CASE WHEN t.typisdefined THEN 'base type' ELSE 'shell type' END, t.typname, NULL, CASE WHEN t.typisdefined THEN ${BASE_TYPE_SQL} ELSE '' END, false, false
          FROM pg_type t
         WHERE t.typnamespace = $SCHEMA AND ${BASE_OR_SHELL_TYPE} AND ${notExtensionMember('pg_type', 't.oid')}
      ) o`,
    present: `EXISTS (SELECT FROM pg_class c WHERE c.relnamespace = $SCHEMA AND c.relkind = 'f')
      OR EXISTS (SELECT FROM pg_opfamily f WHERE f.opfnamespace = $SCHEMA) OR EXISTS (SELECT FROM pg_opclass c WHERE c.opcnamespace = $SCHEMA)
      OR EXISTS (SELECT FROM pg_conversion v WHERE v.connamespace = $SCHEMA)
      OR EXISTS (SELECT FROM pg_ts_parser p WHERE p.prsnamespace = $SCHEMA) OR EXISTS (SELECT FROM pg_ts_template m WHERE m.tmplnamespace = $SCHEMA)
      OR EXISTS (SELECT FROM pg_type t WHERE t.typnamespace = $SCHEMA AND ${BASE_OR_SHELL_TYPE})`,
    catalogs: ['pg_class', 'pg_foreign_table', 'pg_foreign_server', 'pg_attribute', 'pg_attrdef', 'pg_constraint', 'pg_inherits', 'pg_collation', 'pg_opclass', 'pg_opfamily', 'pg_am', 'pg_amop', 'pg_amproc', 'pg_conversion', 'pg_ts_parser', 'pg_ts_template', 'pg_type', 'pg_proc', 'pg_depend'],
    functions: ['format_type', 'pg_get_expr', 'pg_get_constraintdef', 'pg_options_to_table', 'pg_encoding_to_char'],
    assemble: (rows) =>
      (rows as unknown as OtherRow[]).map(([type, name, method, definition, isDefault, isPartial]) => ({
        type,
        name,
        method,
        definition,
        ...(isDefault ? { default: true as const } : {}),
        ...(isPartial ? { partial: true as const } : {}),
      })),
  },
  ref: (object) => otherObjectRef(object.type, object.name, object.method),
  noun: (object) => `${object.type} ${identity(object)}`,
  describe,
  codes: {
    missing: { severity: 'error', summary: 'A foreign table, operator class or family, conversion, text search parser or template, or base type the schema defines does not exist' },
    unexpected: { severity: 'warning', summary: 'A foreign table, operator class or family, conversion, text search parser or template, or base type exists that the schema does not define' },
    mismatch: { severity: 'error', summary: 'A foreign table, operator class or family, conversion, text search parser or template, or base type has another definition' },
  },
  uncreatable: (object) => {
    const rule = creation(object);
    return 'unsafe' in rule ? rule.unsafe : undefined;
  },
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
  if (object.type === 'text search template') {
    return firstUser(actual.textSearchDictionaries, (dictionary) => `text search dictionary ${dictionary.name}`, (dictionary) => dictionary.template === name);
  }
  if (object.type === 'text search parser') {
    return firstUser(actual.textSearchConfigurations, (configuration) => `text search configuration ${configuration.name}`, (configuration) => configuration.parser === name);
  }
  return undefined;
}

/** Dropped and created anew, just before it is created, unless something uses it or ALTER makes the change. */
function recreate(expected: OtherObject, actual: OtherObject, context: CompareContext): FixStep[] | { unsafe: string } {
  const rule = creation(expected);
  if ('unsafe' in rule) return rule;
  const { changedWith, drop: dropRule } = TYPES[expected.type];
  if (changedWith) return { unsafe: `change it with ${changedWith}` };
  const user = userOf(actual, context);
  if (user) return { unsafe: `${user} uses it, and it must be dropped and created anew for this change: drop what uses it, create the ${expected.type} anew, create that again` };
  return [step(rule.phase, `DROP ${dropRule.words(actual)} ${qualifiedIdentity(actual, context)};`, rule.order - 1), ...create(expected, context), ...context.createChildren(otherObjects.ref(expected))];
}
