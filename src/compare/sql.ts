import type { ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexSnapshot, KeySnapshot, TableSnapshot } from '../introspection/index.js';
import { quoteLiteral as literal, readableIdent as ident } from '../database/quote.js';


/** SQL text for the suggested fixes. Suggestions only: aiforce-db never runs them. */
const list = (names: string[]) => names.map(ident).join(', ');

export class SqlFor {
  constructor(private readonly schema: string) {}

  table(name: string): string {
    return `${ident(this.schema)}.${ident(name)}`;
  }

  columnDefinition(column: ColumnSnapshot): string {
    return `${ident(column.name)} ${column.type}${column.default !== null ? ` DEFAULT ${column.default}` : ''}${column.nullable ? '' : ' NOT NULL'}`;
  }

  createTable(table: TableSnapshot): string {
    const parts = table.columns.map((column) => `  ${this.columnDefinition(column)}`);
    if (table.primaryKey) parts.push(`  CONSTRAINT ${ident(table.primaryKey.name)} PRIMARY KEY (${list(table.primaryKey.columns)})`);
    return [
      `CREATE TABLE ${this.table(table.name)} (\n${parts.join(',\n')}\n);`,
      ...table.indexes.map((index) => this.createIndex(table.name, index)),
      ...table.foreignKeys.map((key) => this.addForeignKey(table.name, key)),
    ].join('\n');
  }

  dropTable(name: string): string {
    return `DROP TABLE ${this.table(name)}; -- check that its data is not needed first`;
  }

  addColumn(table: string, column: ColumnSnapshot): string {
    return `ALTER TABLE ${this.table(table)} ADD COLUMN ${this.columnDefinition(column)};`;
  }

  dropColumn(table: string, column: string): string {
    return `ALTER TABLE ${this.table(table)} DROP COLUMN ${ident(column)};`;
  }

  alterType(table: string, column: ColumnSnapshot): string {
    return `ALTER TABLE ${this.table(table)} ALTER COLUMN ${ident(column.name)} TYPE ${column.type} USING ${ident(column.name)}::${column.type};`;
  }

  alterNullability(table: string, column: ColumnSnapshot): string {
    return `ALTER TABLE ${this.table(table)} ALTER COLUMN ${ident(column.name)} ${column.nullable ? 'DROP NOT NULL' : 'SET NOT NULL'};`;
  }

  alterDefault(table: string, column: ColumnSnapshot): string {
    return `ALTER TABLE ${this.table(table)} ALTER COLUMN ${ident(column.name)} ${column.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${column.default}`};`;
  }

  createEnum(type: EnumSnapshot): string {
    return `CREATE TYPE ${this.table(type.name)} AS ENUM (${type.values.map(literal).join(', ')});`;
  }

  addEnumValue(type: string, value: string, neighbour: { after: string } | { before: string } | undefined): string {
    const position = !neighbour ? '' : 'after' in neighbour ? ` AFTER ${literal(neighbour.after)}` : ` BEFORE ${literal(neighbour.before)}`;
    return `ALTER TYPE ${this.table(type)} ADD VALUE ${literal(value)}${position};`;
  }

  recreateEnum(type: EnumSnapshot): string {
    return `-- PostgreSQL cannot drop or reorder enum values: rename the type, create it anew and convert the columns\nALTER TYPE ${this.table(type.name)} RENAME TO ${ident(`${type.name}_old`)};\n${this.createEnum(type)}`;
  }

  dropEnum(name: string): string {
    return `DROP TYPE ${this.table(name)};`;
  }

  addPrimaryKey(table: string, key: KeySnapshot): string {
    return `ALTER TABLE ${this.table(table)} ADD CONSTRAINT ${ident(key.name)} PRIMARY KEY (${list(key.columns)});`;
  }

  dropConstraint(table: string, name: string): string {
    return `ALTER TABLE ${this.table(table)} DROP CONSTRAINT ${ident(name)};`;
  }

  createIndex(table: string, index: IndexSnapshot): string {
    // Index columns are printed by pg_get_indexdef, already quoted where needed.
    const using = index.method === 'btree' ? '' : ` USING ${index.method}`;
    const where = index.predicate ? ` WHERE ${index.predicate}` : '';
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${ident(index.name)} ON ${this.table(table)}${using} (${index.columns.join(', ')})${where};`;
  }

  dropIndex(name: string): string {
    return `DROP INDEX ${this.table(name)};`;
  }

  addForeignKey(table: string, key: ForeignKeySnapshot): string {
    return (
      `ALTER TABLE ${this.table(table)} ADD CONSTRAINT ${ident(key.name)} FOREIGN KEY (${list(key.columns)}) ` +
      // A target in another schema arrives already qualified (and quoted) by PostgreSQL's regclass output.
      `REFERENCES ${key.referencedTable.includes('.') ? key.referencedTable : this.table(key.referencedTable)} (${list(key.referencedColumns)}) ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate};`
    );
  }
}
