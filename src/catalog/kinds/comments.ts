/**
 * Comments (COMMENT ON) on everything in the schema, and on the schema itself (initdb gives public "standard
 * public schema": a database where it was removed differs, as its pg_dump does).
 */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { objectRefSchema, PHASES, step, type Difference } from '../model.js';
import { designator, kindOfRow, targetNoun } from './designators.js';
import { operatorSignatureSql, ownOperatorsSql } from './operators.js';
import { retargetRef } from './privileges.js';

const commentObject = z.object({
  target: objectRefSchema,
  text: z.string(),
});
export type Comment = z.infer<typeof commentObject>;

type CommentRow = [on: string, table: string | null, name: string, text: string];


const describe = (comment: Comment) => JSON.stringify(comment.text);

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
        UNION ALL
        SELECT json_build_array('constraint:' || k.contype::text, c.relname, k.conname, d.description)
          FROM pg_description d JOIN pg_constraint k ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid JOIN pg_class c ON c.oid = k.conrelid
         WHERE c.relnamespace = $SCHEMA
        UNION ALL
        SELECT json_build_array('type:' || t.typtype::text, NULL, t.typname, d.description)
          FROM pg_description d JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid
         WHERE t.typnamespace = $SCHEMA AND t.typtype IN ('e', 'd', 'c', 'r')
        UNION ALL
        SELECT json_build_array('routine:' || p.prokind::text, NULL, p.proname || '(' || oidvectortypes(p.proargtypes) || ')', d.description)
          FROM pg_description d JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid
         WHERE p.pronamespace = $SCHEMA
        UNION ALL
        SELECT json_build_array('trigger', c.relname, g.tgname, d.description)
          FROM pg_description d JOIN pg_trigger g ON d.classoid = 'pg_trigger'::regclass AND d.objoid = g.oid JOIN pg_class c ON c.oid = g.tgrelid
         WHERE c.relnamespace = $SCHEMA
        UNION ALL
        SELECT json_build_array('rule', c.relname, r.rulename, d.description)
          FROM pg_description d JOIN pg_rewrite r ON d.classoid = 'pg_rewrite'::regclass AND d.objoid = r.oid JOIN pg_class c ON c.oid = r.ev_class
         WHERE c.relnamespace = $SCHEMA AND r.rulename <> '_RETURN'
        UNION ALL
        SELECT json_build_array('statistics', c.relname, s.stxname, d.description)
          FROM pg_description d JOIN pg_statistic_ext s ON d.classoid = 'pg_statistic_ext'::regclass AND d.objoid = s.oid JOIN pg_class c ON c.oid = s.stxrelid
         WHERE s.stxnamespace = $SCHEMA AND c.relnamespace = $SCHEMA
        UNION ALL
        SELECT json_build_array('policy', c.relname, p.polname, d.description)
          FROM pg_description d JOIN pg_policy p ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid JOIN pg_class c ON c.oid = p.polrelid
         WHERE c.relnamespace = $SCHEMA
        UNION ALL
        SELECT json_build_array('collation', NULL, l.collname, d.description)
          FROM pg_description d JOIN pg_collation l ON d.classoid = 'pg_collation'::regclass AND d.objoid = l.oid
         WHERE l.collnamespace = $SCHEMA
        UNION ALL
        SELECT json_build_array('operator', NULL, ${operatorSignatureSql('o')}, d.description)
          FROM pg_description d JOIN pg_operator o ON d.classoid = 'pg_operator'::regclass AND d.objoid = o.oid
         WHERE ${ownOperatorsSql('o')}
        UNION ALL
        SELECT json_build_array('text_search_dictionary', NULL, t.dictname, d.description)
          FROM pg_description d JOIN pg_ts_dict t ON d.classoid = 'pg_ts_dict'::regclass AND d.objoid = t.oid
         WHERE t.dictnamespace = $SCHEMA
        UNION ALL
        SELECT json_build_array('text_search_configuration', NULL, t.cfgname, d.description)
          FROM pg_description d JOIN pg_ts_config t ON d.classoid = 'pg_ts_config'::regclass AND d.objoid = t.oid
         WHERE t.cfgnamespace = $SCHEMA
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
  ref: (comment) => ({ kind: 'comment', on: comment.target.kind, ...(comment.target.table !== undefined ? { table: comment.target.table } : {}), name: comment.target.name }),
  parent: (comment) => (comment.target.kind === 'schema' ? undefined : comment.target),
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
  retarget: (comment, renames) => ({ ...comment, target: retargetRef(comment.target, renames) }),
};
