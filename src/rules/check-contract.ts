import { codeInfo, type Finding } from '../findings/finding.js';
import { columnsOf } from '../catalog/kinds/columns.js';
import type { Catalog } from '../catalog/registry.js';
import { normaliseType } from '../catalog/types.js';
import type { SpecContract } from './contract.js';

const violation = (path: string, message: string, table: string | undefined, expected: string | null, actual: string | null): Finding => ({
  code: 'contract.violation',
  severity: codeInfo('contract.violation').severity,
  path,
  ...(table ? { table } : {}),
  message,
  expected,
  actual,
});

/** Checks the spec's explicit contract against a snapshot (pure). `ignore` tells which tables are out of scope. */
export function checkContract(contract: SpecContract, actual: Catalog, schema: string, ignoreTable: (table: string) => boolean = () => false): Finding[] {
  const findings: Finding[] = [];
  const tables = new Map(actual.tables.map((table) => [table.name, table]));
  const required = new Set(contract.tables);
  for (const name of contract.tables) {
    if (!tables.has(name)) findings.push(violation(`${schema}.${name}`, `the spec requires table ${name}`, name, 'table', null));
  }
  for (const table of actual.tables) {
    if (!required.has(table.name) && !ignoreTable(table.name)) {
      findings.push(violation(`${schema}.${table.name}`, `table ${table.name} is not one of the spec's ${contract.tables.length} tables`, table.name, null, 'table'));
    }
    for (const column of columnsOf(actual, table.name)) {
      if (contract.forbiddenColumns.includes(column.name)) {
        findings.push(violation(`${schema}.${table.name}.${column.name}`, `the spec forbids column ${column.name} (found in ${table.name})`, table.name, null, column.type));
      }
    }
  }
  for (const [key, rule] of Object.entries(contract.columns)) {
    const [tableName, columnName] = key.split('.') as [string, string];
    const table = tables.get(tableName);
    if (!table) continue; // reported as a missing table above
    const column = columnsOf(actual, tableName).find((c) => c.name === columnName);
    const path = `${schema}.${key}`;
    if (!column) {
      findings.push(violation(path, `the spec requires column ${key}`, tableName, describeRule(rule), null));
      continue;
    }
    const wrong: string[] = [];
    if (rule.type !== undefined && normaliseType(rule.type) !== column.type) wrong.push(`type ${column.type} (spec: ${rule.type})`);
    if (rule.nullable !== undefined && rule.nullable !== column.nullable) wrong.push(column.nullable ? 'NULL (spec: NOT NULL)' : 'NOT NULL (spec: NULL)');
    if (rule.default !== undefined && rule.default !== column.default) wrong.push(`default ${column.default ?? 'none'} (spec: ${rule.default ?? 'none'})`);
    if (wrong.length) findings.push(violation(path, `column ${key} has ${wrong.join(', ')}`, tableName, describeRule(rule), wrong.join(', ')));
  }
  for (const [tableName, count] of Object.entries(contract.columnCounts)) {
    const table = tables.get(tableName);
    const columns = table ? columnsOf(actual, tableName).length : count;
    if (columns !== count) {
      findings.push(violation(`${schema}.${tableName}`, `table ${tableName} has ${columns} columns, the spec says ${count}`, tableName, String(count), String(columns)));
    }
  }
  const enums = new Map(actual.enums.map((type) => [type.name, type.values]));
  for (const [name, values] of Object.entries(contract.enums)) {
    const found = enums.get(name);
    if (found?.join(', ') !== values.join(', ')) {
      findings.push(violation(`${schema}.${name}`, `enum ${name} must be exactly ${values.join(', ')}`, undefined, values.join(', '), found ? found.join(', ') : null));
    }
  }
  return findings;
}

function describeRule(rule: SpecContract['columns'][string]): string {
  return [rule.type, rule.nullable === false ? 'NOT NULL' : rule.nullable ? 'NULL' : undefined, rule.default !== undefined ? `DEFAULT ${rule.default ?? 'none'}` : undefined]
    .filter(Boolean)
    .join(' ');
}

/**
 * Keeps one finding per problem: a contract violation already explained by a schema finding at the same
 * path (or inside it) is dropped, and its words are added to that finding.
 */
export function foldContractFindings(schemaFindings: Finding[], contractFindings: Finding[]): Finding[] {
  const paths = new Set(schemaFindings.map((finding) => finding.path));
  const parents = new Set<string>();
  for (const path of paths) {
    for (let cut = path.lastIndexOf('.'); cut > 0; cut = path.lastIndexOf('.', cut - 1)) parents.add(path.slice(0, cut));
  }
  const explained = new Map<string, string>();
  const kept = contractFindings.filter((finding) => {
    if (paths.has(finding.path)) explained.set(finding.path, finding.message);
    return !paths.has(finding.path) && !parents.has(finding.path);
  });
  const marked = schemaFindings.map((finding) => {
    const rule = explained.get(finding.path);
    return rule ? { ...finding, message: `${finding.message}; ${rule}` } : finding;
  });
  return [...marked, ...kept];
}
