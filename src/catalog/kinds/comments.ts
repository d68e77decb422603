/**
 * Comments (COMMENT ON) on everything in the schema, and on the schema itself (initdb gives public "standard
 * public schema": a database where it was removed differs, as its pg_dump does).
 */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { objectRefSchema, PHASES, step, type Difference } from '../model.js';
import { notExtensionMember } from '../sql.js';
import { aboutTarget, designator, kindOfRow, targetNoun } from './designators.js';
import { definedOperatorsSql, operatorSignatureSql } from './operators.js';

const commentObject = z.lazy(() => z.object({
  target: objectRefSchema,
  text: z.string(),
}));
export type Comment = z.infer<typeof commentObject>;

type CommentRow = [on: string, table: string | null, name: string, text: string];


const describe = (comment: Comment) => JSON.stringify(comment.text);

/** The comments on one catalog's objects named in the schema (not an extension's), as a UNION ALL branch of the query. */
const onSchemaObject = (kind: string, catalog: string, alias: string, name: string, where: string) => `
        UNION ALL
        SELECT json_build_array(${kind}, NULL, ${name}, d.description)
          FROM pg_description d JOIN ${catalog} ${alias} ON d.classoid = '${catalog}'::regclass AND d.objoid = ${alias}.oid
         WHERE ${where} AND ${notExtensionMember(catalog, `${alias}.oid`)}`;

/** The comments on one catalog's objects of the schema's tables (`table`: the column naming the table). */
const onTableObject = (kind: string, catalog: string, alias: string, name: string, table: string, where?: string) => `
        UNION ALL
        SELECT json_build_array(${kind}, c.relname, ${alias}.${name}, d.description)
          FROM pg_description d JOIN ${catalog} ${alias} ON d.classoid = '${catalog}'::regclass AND d.objoid = ${alias}.oid JOIN pg_class c ON c.oid = ${alias}.${table}
         WHERE c.relnamespace = $SCHEMA${where ? ` AND ${where}` : ''}`;

export const comments: CatalogKind<Comment> = {
  kind: 'comment',
  object: commentObject,
  read: {
    sql: `
      SELECT coalesce(json_agg(row), '[]')::text AS data FROM (
        SELECT json_build_array(CASE WHEN d.objsubid > 0 THEN 'column' ELSE c.relkind::text END,
                                CASE WHEN d.objsubid > 0 THEN c.relname WHEN c.relkind IN ('i', 'I') THEN t.relname END,
                                coalesce(a.attname, c.relname), d.description) AS row
          FROM pg_description d
          JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
          LEFT JOIN pg_attribute a ON d.objsubid > 0 AND a.attrelid = c.oid AND a.attnum = d.objsubid
          LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = x.indrelid
         WHERE c.relnamespace = $SCHEMA AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I')
${[
          onTableObject("'constraint:' || k.contype::text", 'pg_constraint', 'k', 'conname', 'conrelid'),
          onSchemaObject("'type:' || t.typtype::text", 'pg_type', 't', 't.typname', "t.typnamespace = $SCHEMA AND t.typtype IN ('e', 'd', 'c', 'r')"),
          onSchemaObject("'routine:' || p.prokind::text", 'pg_proc', 'p', "p.proname || '(' || oidvectortypes(p.proargtypes) || ')'", 'p.pronamespace = $SCHEMA'),
          onTableObject("'trigger'", 'pg_trigger', 'g', 'tgname', 'tgrelid'),
          onTableObject("'rule'", 'pg_rewrite', 'r', 'rulename', 'ev_class', "r.rulename <> '_RETURN'"),
          onTableObject("'statistics'", 'pg_statistic_ext', 's', 'stxname', 'stxrelid', 's.stxnamespace = $SCHEMA'),
          onTableObject("'policy'", 'pg_policy', 'p', 'polname', 'polrelid'),
          onSchemaObject("'collation'", 'pg_collation', 'l', 'l.collname', 'l.collnamespace = $SCHEMA'),
          onSchemaObject("'operator'", 'pg_operator', 'o', operatorSignatureSql('o'), definedOperatorsSql('o')),
          onSchemaObject("'text_search_dictionary'", 'pg_ts_dict', 't', 't.dictname', 't.dictnamespace = $SCHEMA'),
          onSchemaObject("'text_search_configuration'", 'pg_ts_config', 't', 't.cfgname', 't.cfgnamespace = $SCHEMA'),
        ].join('')}
        UNION ALL
        SELECT json_build_array('schema', NULL, '', d.description)
          FROM pg_description d
         WHERE d.classoid = 'pg_namespace'::regclass AND d.objoid = $SCHEMA
) AS rows`,
    catalogs: ['pg_description', 'pg_class', 'pg_attribute', 'pg_index', 'pg_constraint', 'pg_type', 'pg_proc', 'pg_trigger', 'pg_rewrite', 'pg_statistic_ext', 'pg_policy', 'pg_collation', 'pg_operator', 'pg_ts_dict', 'pg_ts_config', 'pg_depend'],
    functions: ['oidvectortypes', 'format_type'],
    assemble: (rows) =>
      (rows as unknown as CommentRow[]).map(([on, table, name, text]) => ({ target: { kind: kindOfRow(on), ...(table !== null ? { table } : {}), name }, text })),
  },
  ...aboutTarget<Comment>('comment'),
  noun: (comment) => `the comment on ${targetNoun(comment.target)}`,
  describe,
  absence: {
    missing: (comment, { actualLabel }) => `${targetNoun(comment.target)} has no comment in ${actualLabel}`,
    unexpected: (comment, { actualLabel, expectedLabel }) => `${targetNoun(comment.target)} has a comment in ${actualLabel} that ${expectedLabel} does not give it`,
  },
  codes: {
    missing: { severity: 'warning', summary: 'An object lacks the comment the schema gives it' },
    unexpected: { severity: 'warning', summary: 'An object has a comment the schema does not give it' },
    mismatch: { severity: 'warning', summary: 'An object has another comment' },
  },
  create: (comment, context) => [step(PHASES.comments, `COMMENT ON ${designator(comment.target, context)} IS ${context.names.literal(comment.text)};`)],
  drop: (comment, context) => [step(PHASES.comments, `COMMENT ON ${designator(comment.target, context)} IS NULL;`)],
  differences(expected, actual, context): Difference[] {
    if (expected.text === actual.text) return [];
    return [{
      code: 'mismatch',
      message: `the comment on ${targetNoun(expected.target)} is ${describe(actual)}, expected ${describe(expected)}`,
      expected: expected.text,
      actual: actual.text,
      fix: comments.create(expected, context),
    }];
  },
};
