/**
 * The catalog queries behind a snapshot: a fixed number, whatever the number of tables.
 * Each returns one JSON text value ($1 = schema name), which V8 parses far faster than hundreds of
 * thousands of driver rows. They return oids and attribute numbers rather than joining names back in:
 * the names are resolved in JavaScript from the columns query, which keeps every query a single scan.
 */
export const CATALOG_QUERIES = {
  /** One row when the schema exists: how many tables it has. */
  schema: `
    SELECT (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p'))::int AS tables
      FROM pg_namespace n WHERE n.nspname = $1`,

  /** [oid, name] of every table. */
  tables: `
    SELECT coalesce(json_agg(json_build_array(c.oid, c.relname)), '[]')::text AS data
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,

  /**
   * [table oid, attnum, name, type, nullable, default, quoted name or null]. A default cannot refer to a
   * column, so it is deparsed without the table's context (much cheaper); generated columns need it.
   */
  columns: `
    SELECT coalesce(json_agg(json_build_array(
             a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
             CASE WHEN d.adbin IS NULL THEN NULL WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, 0) ELSE pg_get_expr(d.adbin, d.adrelid) END,
             NULLIF(quote_ident(a.attname), a.attname::text))), '[]')::text AS data
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,

  /**
   * [table oid, name, unique, primary, method, predicate, key attnums, key expressions or null, options].
   * Only expression keys (attnum 0) are deparsed; plain keys are attnums.
   */
  indexes: `
    SELECT coalesce(json_agg(json_build_array(
             x.indrelid, i.relname, x.indisunique, x.indisprimary, am.amname,
             CASE WHEN x.indpred IS NULL THEN NULL ELSE pg_get_expr(x.indpred, x.indrelid) END,
             (x.indkey::int2[])[0:x.indnkeyatts - 1],
             CASE WHEN x.indexprs IS NULL THEN NULL
                  ELSE ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) END,
             (x.indoption::int2[])[0:x.indnkeyatts - 1])), '[]')::text AS data
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_am am ON am.oid = i.relam
     WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')`,

  /**
   * [table oid, name, type, key attnums, referenced oid, referenced attnums, on delete, on update,
   * referenced table and column names when it lives in another schema].
   */
  constraints: `
    SELECT coalesce(json_agg(json_build_array(
             k.conrelid, k.conname, k.contype, k.conkey, k.confrelid, k.confkey, k.confdeltype, k.confupdtype,
             CASE WHEN r.relnamespace IS DISTINCT FROM n.oid AND k.contype = 'f' THEN json_build_array(
               r.oid::regclass::text,
               (SELECT array_agg(a.attname ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY AS u(num, ord)
                  JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num)) END)), '[]')::text AS data
      FROM pg_constraint k
      JOIN pg_class t ON t.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      LEFT JOIN pg_class r ON r.oid = k.confrelid
     WHERE n.nspname = $1 AND k.contype IN ('p', 'f') AND t.relkind IN ('r', 'p')`,

  /** [name, values in sort order]. */
  enums: `
    SELECT coalesce(json_agg(json_build_array(e.typname, e.labels) ORDER BY e.typname), '[]')::text AS data
      FROM (SELECT t.typname, array_agg(v.enumlabel ORDER BY v.enumsortorder) AS labels
              FROM pg_type t
              JOIN pg_namespace n ON n.oid = t.typnamespace
              JOIN pg_enum v ON v.enumtypid = t.oid
             WHERE n.nspname = $1
             GROUP BY t.typname) AS e`,
} as const;
