import { FINDING_CODES, type Finding, type FindingCode } from '../findings/finding.js';
import type { CatalogSnapshot, ColumnSnapshot, EnumSnapshot, ForeignKeySnapshot, IndexSnapshot, TableSnapshot } from '../introspection/index.js';
import { SqlFor } from './sql.js';

export interface CompareOptions {
  /** The PostgreSQL schema the actual snapshot was read from; it prefixes every path. */
  schema: string;
  /** Words for the two sides in messages: "the schema" vs "the database", or two environment names. */
  expectedLabel?: string;
  actualLabel?: string;
}

const show = (values: string[]) => values.join(', ');
const indexByName = <T extends { name: string }>(items: T[]) => new Map(items.map((item) => [item.name, item]));

/**
 * Compares the expected catalog with the actual one and returns every mismatch. Pure and linear:
 * objects are matched by name through maps, never by nested scans.
 */
export function compareSnapshots(expected: CatalogSnapshot, actual: CatalogSnapshot, options: CompareOptions): Finding[] {
  const { schema } = options;
  const expectedSide = options.expectedLabel ?? 'the schema';
  const actualSide = options.actualLabel ?? 'the database';
  const sql = new SqlFor(schema);
  const findings: Finding[] = [];
  const add = (code: FindingCode, path: string, message: string, extra: Omit<Finding, 'code' | 'severity' | 'path' | 'message'> = {}) =>
    findings.push({ code, severity: FINDING_CODES[code].severity, path, message, ...extra });

  const actualTables = indexByName(actual.tables);
  for (const table of expected.tables) {
    const found = actualTables.get(table.name);
    const path = `${schema}.${table.name}`;
    if (!found) {
      add('table.missing', path, `table ${table.name} is missing from ${actualSide}`, { table: table.name, expected: 'table', actual: null, fix: sql.createTable(table) });
    } else {
      compareTable(table, found);
    }
  }
  const expectedTables = indexByName(expected.tables);
  for (const table of actual.tables) {
    if (!expectedTables.has(table.name)) {
      add('table.unexpected', `${schema}.${table.name}`, `table ${table.name} exists in ${actualSide} but not in ${expectedSide}`, {
        table: table.name,
        expected: null,
        actual: 'table',
        fix: sql.dropTable(table.name),
      });
    }
  }
  compareEnums(expected.enums, actual.enums);
  return findings;

  function compareTable(expectedTable: TableSnapshot, actualTable: TableSnapshot): void {
    const table = expectedTable.name;
    const base = `${schema}.${table}`;
    const actualColumns = indexByName(actualTable.columns);
    for (const column of expectedTable.columns) {
      const found = actualColumns.get(column.name);
      const path = `${base}.${column.name}`;
      if (!found) {
        add('column.missing', path, `column ${table}.${column.name} is missing from ${actualSide}`, { table, expected: describeColumn(column), actual: null, fix: sql.addColumn(table, column) });
        continue;
      }
      compareColumn(table, column, found);
    }
    const expectedColumns = indexByName(expectedTable.columns);
    for (const column of actualTable.columns) {
      if (!expectedColumns.has(column.name)) {
        add('column.unexpected', `${base}.${column.name}`, `column ${table}.${column.name} exists in ${actualSide} but not in ${expectedSide}`, {
          table,
          expected: null,
          actual: describeColumn(column),
          fix: sql.dropColumn(table, column.name),
        });
      }
    }
    comparePrimaryKey(expectedTable, actualTable);
    compareIndexes(table, expectedTable.indexes, actualTable.indexes);
    compareForeignKeys(table, expectedTable.foreignKeys, actualTable.foreignKeys);
  }

  function compareColumn(table: string, expectedColumn: ColumnSnapshot, actualColumn: ColumnSnapshot): void {
    const path = `${schema}.${table}.${expectedColumn.name}`;
    const name = `${table}.${expectedColumn.name}`;
    if (expectedColumn.type !== actualColumn.type) {
      add('column.type_mismatch', path, `column ${name} is ${actualColumn.type}, expected ${expectedColumn.type}`, {
        table,
        expected: expectedColumn.type,
        actual: actualColumn.type,
        fix: sql.alterType(table, expectedColumn),
      });
    }
    if (expectedColumn.nullable !== actualColumn.nullable) {
      const nullability = (column: ColumnSnapshot) => (column.nullable ? 'NULL' : 'NOT NULL');
      add('column.nullability_mismatch', path, `column ${name} is ${nullability(actualColumn)}, expected ${nullability(expectedColumn)}`, {
        table,
        expected: nullability(expectedColumn),
        actual: nullability(actualColumn),
        fix: sql.alterNullability(table, expectedColumn),
      });
    }
    if (expectedColumn.default !== actualColumn.default) {
      add('column.default_mismatch', path, `column ${name} defaults to ${actualColumn.default ?? 'nothing'}, expected ${expectedColumn.default ?? 'no default'}`, {
        table,
        expected: expectedColumn.default,
        actual: actualColumn.default,
        fix: sql.alterDefault(table, expectedColumn),
      });
    }
  }

  function comparePrimaryKey(expectedTable: TableSnapshot, actualTable: TableSnapshot): void {
    const table = expectedTable.name;
    const wanted = expectedTable.primaryKey;
    const got = actualTable.primaryKey;
    if (wanted && !got) {
      add('primary_key.missing', `${schema}.${table}.${wanted.name}`, `table ${table} has no primary key, expected ${wanted.name} (${show(wanted.columns)})`, {
        table,
        expected: show(wanted.columns),
        actual: null,
        fix: sql.addPrimaryKey(table, wanted),
      });
    } else if (!wanted && got) {
      add('primary_key.unexpected', `${schema}.${table}.${got.name}`, `table ${table} has primary key ${got.name} that ${expectedSide} does not define`, {
        table,
        expected: null,
        actual: show(got.columns),
        fix: sql.dropConstraint(table, got.name),
      });
    } else if (wanted && got && (wanted.name !== got.name || show(wanted.columns) !== show(got.columns))) {
      add('primary_key.mismatch', `${schema}.${table}.${wanted.name}`, `primary key of ${table} is ${got.name} (${show(got.columns)}), expected ${wanted.name} (${show(wanted.columns)})`, {
        table,
        expected: `${wanted.name} (${show(wanted.columns)})`,
        actual: `${got.name} (${show(got.columns)})`,
        fix: `${sql.dropConstraint(table, got.name)}\n${sql.addPrimaryKey(table, wanted)}`,
      });
    }
  }

  function compareIndexes(table: string, wanted: IndexSnapshot[], got: IndexSnapshot[]): void {
    const describe = (index: IndexSnapshot) =>
      `${index.unique ? 'UNIQUE ' : ''}${index.method} (${show(index.columns)})${index.predicate ? ` WHERE ${index.predicate}` : ''}`;
    const gotByName = indexByName(got);
    for (const index of wanted) {
      const path = `${schema}.${table}.${index.name}`;
      const found = gotByName.get(index.name);
      if (!found) {
        add('index.missing', path, `${index.unique ? 'unique ' : ''}index ${index.name} on ${table} (${show(index.columns)}) is missing`, {
          table,
          expected: describe(index),
          actual: null,
          fix: sql.createIndex(table, index),
        });
      } else if (describe(index) !== describe(found)) {
        add('index.mismatch', path, `index ${index.name} on ${table} is ${describe(found)}, expected ${describe(index)}`, {
          table,
          expected: describe(index),
          actual: describe(found),
          fix: `${sql.dropIndex(index.name)}\n${sql.createIndex(table, index)}`,
        });
      }
    }
    const wantedByName = indexByName(wanted);
    for (const index of got) {
      if (!wantedByName.has(index.name)) {
        add('index.unexpected', `${schema}.${table}.${index.name}`, `index ${index.name} on ${table} (${show(index.columns)}) is not in ${expectedSide}`, {
          table,
          expected: null,
          actual: describe(index),
          fix: sql.dropIndex(index.name),
        });
      }
    }
  }

  function compareForeignKeys(table: string, wanted: ForeignKeySnapshot[], got: ForeignKeySnapshot[]): void {
    const describe = (key: ForeignKeySnapshot) =>
      `(${show(key.columns)}) -> ${key.referencedTable} (${show(key.referencedColumns)}) ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}`;
    const gotByName = indexByName(got);
    for (const key of wanted) {
      const path = `${schema}.${table}.${key.name}`;
      const found = gotByName.get(key.name);
      if (!found) {
        add('foreign_key.missing', path, `foreign key ${key.name} ${describe(key)} is missing`, { table, expected: describe(key), actual: null, fix: sql.addForeignKey(table, key) });
      } else if (describe(key) !== describe(found)) {
        add('foreign_key.mismatch', path, `foreign key ${key.name} is ${describe(found)}, expected ${describe(key)}`, {
          table,
          expected: describe(key),
          actual: describe(found),
          fix: `${sql.dropConstraint(table, key.name)}\n${sql.addForeignKey(table, key)}`,
        });
      }
    }
    const wantedByName = indexByName(wanted);
    for (const key of got) {
      if (!wantedByName.has(key.name)) {
        add('foreign_key.unexpected', `${schema}.${table}.${key.name}`, `foreign key ${key.name} ${describe(key)} is not in ${expectedSide}`, {
          table,
          expected: null,
          actual: describe(key),
          fix: sql.dropConstraint(table, key.name),
        });
      }
    }
  }

  function compareEnums(wanted: EnumSnapshot[], got: EnumSnapshot[]): void {
    const gotByName = indexByName(got);
    for (const type of wanted) {
      const path = `${schema}.${type.name}`;
      const found = gotByName.get(type.name);
      if (!found) {
        add('enum.missing', path, `enum type ${type.name} is missing`, { expected: show(type.values), actual: null, fix: sql.createEnum(type) });
        continue;
      }
      const present = new Set(found.values);
      const known = new Set(type.values);
      type.values.forEach((value, position) => {
        if (present.has(value)) return;
        const previous = type.values.slice(0, position).reverse().find((v) => present.has(v));
        const next = type.values.slice(position + 1).find((v) => present.has(v));
        add('enum.value_missing', `${path}.${value}`, `enum ${type.name} lacks value ${value}`, {
          expected: value,
          actual: null,
          fix: sql.addEnumValue(type.name, value, previous !== undefined ? { after: previous } : next !== undefined ? { before: next } : undefined),
        });
      });
      for (const value of found.values) {
        if (!known.has(value)) {
          add('enum.value_unexpected', `${path}.${value}`, `enum ${type.name} has value ${value} that ${expectedSide} does not define`, {
            expected: null,
            actual: value,
            fix: sql.recreateEnum(type),
          });
        }
      }
      const common = (values: string[], other: Set<string>) => values.filter((v) => other.has(v));
      const wantedOrder = common(type.values, present);
      const gotOrder = common(found.values, known);
      if (show(wantedOrder) !== show(gotOrder)) {
        add('enum.value_order', path, `enum ${type.name} orders its values ${show(gotOrder)}, expected ${show(wantedOrder)}`, {
          expected: show(wantedOrder),
          actual: show(gotOrder),
          fix: sql.recreateEnum(type),
        });
      }
    }
    const wantedByName = indexByName(wanted);
    for (const type of got) {
      if (!wantedByName.has(type.name)) {
        add('enum.unexpected', `${schema}.${type.name}`, `enum type ${type.name} is not in ${expectedSide}`, { expected: null, actual: show(type.values), fix: sql.dropEnum(type.name) });
      }
    }
  }
}

function describeColumn(column: ColumnSnapshot): string {
  return `${column.type}${column.nullable ? '' : ' NOT NULL'}${column.default !== null ? ` DEFAULT ${column.default}` : ''}`;
}
