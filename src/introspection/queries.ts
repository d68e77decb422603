/**
 * The catalog queries behind a snapshot: a fixed number, whatever the number of tables.
 * Each returns a single JSON text value ($1 = schema name), which V8 parses far faster than
 * hundreds of thousands of driver rows. Names are cast to text, arrays are JSON arrays.
 */
export const CATALOG_QUERIES = {
  schema: `SELECT count(*)::int AS found FROM pg_namespace WHERE nspname = $1`,

  columns: `
    SELECT coalesce(json_agg(json_build_array(c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                                              NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid))
                             ORDER BY c.relname, a.attnum), '[]')::text AS data
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,

  tables: `
    SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]')::text AS data
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,

  indexes: `
    SELECT coalesce(json_agg(json_build_array(t.relname, i.relname, x.indisunique, x.indisprimary, am.amname,
                                              pg_get_expr(x.indpred, x.indrelid),
                                              ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                                                      FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k))
                             ORDER BY t.relname, i.relname), '[]')::text AS data
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_am am ON am.oid = i.relam
     WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')`,

  constraints: `
    SELECT coalesce(json_agg(json_build_array(t.relname, k.conname, k.contype,
                                              (SELECT array_agg(a.attname ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY AS u(num, ord)
                                                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num),
                                              r.relname,
                                              (SELECT array_agg(a.attname ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY AS u(num, ord)
                                                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num),
                                              k.confdeltype, k.confupdtype)
                             ORDER BY t.relname, k.conname), '[]')::text AS data
      FROM pg_constraint k
      JOIN pg_class t ON t.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      LEFT JOIN pg_class r ON r.oid = k.confrelid
     WHERE n.nspname = $1 AND k.contype IN ('p', 'f') AND t.relkind IN ('r', 'p')`,

  enums: `
    SELECT coalesce(json_agg(json_build_array(e.typname, e.labels) ORDER BY e.typname), '[]')::text AS data
      FROM (SELECT t.typname, array_agg(v.enumlabel ORDER BY v.enumsortorder) AS labels
              FROM pg_type t
              JOIN pg_namespace n ON n.oid = t.typnamespace
              JOIN pg_enum v ON v.enumtypid = t.oid
             WHERE n.nspname = $1
             GROUP BY t.typname) AS e`,
} as const;
