/**
 * CatalogSnapshot: what one PostgreSQL schema contains, as read from pg_catalog.
 * The same shape is committed as prisma/schema.lock.json (the expected catalog), so both sides of a
 * comparison are normalized by PostgreSQL itself (format_type, pg_get_expr, pg_get_indexdef).
 */
export interface ColumnSnapshot {
  name: string;
  /** format_type() output, e.g. `character varying(50)`, `timestamp(6) with time zone`, `roletype`. */
  type: string;
  nullable: boolean;
  /** pg_get_expr() of the default, e.g. `'engagement'::character varying`, or null. */
  default: string | null;
}

export interface KeySnapshot {
  name: string;
  columns: string[];
}

export interface IndexSnapshot extends KeySnapshot {
  unique: boolean;
  /** Access method, e.g. btree. */
  method: string;
  /** Partial-index predicate, or null. */
  predicate: string | null;
}

export interface ForeignKeySnapshot extends KeySnapshot {
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface TableSnapshot {
  name: string;
  /** In ordinal order. */
  columns: ColumnSnapshot[];
  primaryKey: KeySnapshot | null;
  /** Every index but the primary key's, sorted by name. */
  indexes: IndexSnapshot[];
  /** Sorted by name. */
  foreignKeys: ForeignKeySnapshot[];
}

export interface EnumSnapshot {
  name: string;
  /** In sort order. */
  values: string[];
}

export interface CatalogSnapshot {
  /** Sorted by name. */
  tables: TableSnapshot[];
  /** Sorted by name. */
  enums: EnumSnapshot[];
}
