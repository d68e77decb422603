import { codeInfo, type Finding } from '../findings/finding.js';
import { columnsOf } from '../catalog/kinds/columns.js';
import { refPath, type ObjectRef } from '../catalog/model.js';
import type { Catalog } from '../catalog/registry.js';
import { normaliseType } from '../catalog/types.js';
import type { SpecContract } from './contract.js';
import { checkTenantIsolation } from './tenant-isolation.js';

export interface ContractOptions {
  /** Tables out of scope (ignored). */
  ignoreTable?: (table: string) => boolean;
  /** Defaults written differently that mean the same (the comparison's equivalence). */
  sameDefault?: (type: string, expected: string, actual: string) => boolean;
  /** The expected catalog (the lock), whose policies the tenant-isolation fixes restore. */
  expected?: Catalog;
}

/**
 * A finding of the contract. A contract.violation carries `rule`, what the spec asks in a few words: the tail it
 * adds to a schema finding on the same object when that finding does not say it already (see
 * foldContractFindings), and `forbids` when the spec forbids the object outright (is_mock), which "not in the
 * schema" does not say. A rule with its own code (contract.tenant_isolation) has neither: its whole message is
 * its tail.
 */
export type ContractFinding = Finding & { rule?: string; forbids?: boolean };

/** Checks the spec's explicit contract against a snapshot (pure). */
export function checkContract(contract: SpecContract, actual: Catalog, schema: string, options: ContractOptions = {}): ContractFinding[] {
  const ignoreTable = options.ignoreTable ?? (() => false);
  const violation = (object: ObjectRef, message: string, rule: string, expected: string | null, actual: string | null, forbids = false): ContractFinding => {
    const table = object.kind === 'table' ? object.name : object.table;
    return { code: 'contract.violation', severity: codeInfo('contract.violation').severity, path: refPath(schema, object), object, ...(table ? { table } : {}), message, expected, actual, rule, forbids };
  };
  const findings: ContractFinding[] = [];
  const tables = new Map(actual.tables.map((table) => [table.name, table]));
  const required = new Set(contract.tables);
  for (const name of contract.tables) {
    if (!tables.has(name)) findings.push(violation({ kind: 'table', name }, `the spec requires table ${name}`, 'the spec requires this table', 'table', null));
  }
  for (const table of actual.tables) {
    if (!required.has(table.name) && !ignoreTable(table.name)) {
      const rule = `not one of the spec's ${contract.tables.length} tables`;
      findings.push(violation({ kind: 'table', name: table.name }, `table ${table.name} is ${rule}`, rule, null, 'table'));
    }
    for (const column of columnsOf(actual, table.name)) {
      if (contract.forbiddenColumns.includes(column.name)) {
        findings.push(violation({ kind: 'column', table: table.name, name: column.name }, `column ${table.name}.${column.name} is forbidden by the spec`, 'forbidden by the spec', null, column.type, true));
      }
    }
  }
  for (const [key, rule] of Object.entries(contract.columns)) {
    const [tableName, columnName] = key.split('.') as [string, string];
    const table = tables.get(tableName);
    if (!table) continue; // reported as a missing table above
    const column = columnsOf(actual, tableName).find((c) => c.name === columnName);
    const ref: ObjectRef = { kind: 'column', table: tableName, name: columnName };
    if (!column) {
      findings.push(violation(ref, `the spec requires column ${key}`, 'the spec requires this column', describeRule(rule), null));
      continue;
    }
    // Per attribute: what the column has, and what the spec says instead.
    const wrong: Array<[has: string, spec: string]> = [];
    if (rule.type !== undefined && normaliseType(rule.type) !== column.type) wrong.push([`type ${column.type}`, rule.type]);
    if (rule.nullable !== undefined && rule.nullable !== column.nullable) wrong.push(column.nullable ? ['NULL', 'NOT NULL'] : ['NOT NULL', 'NULL']);
    const sameDefault = rule.default === column.default || (rule.default != null && column.default !== null && options.sameDefault?.(column.type, rule.default, column.default));
    if (rule.default !== undefined && !sameDefault) wrong.push([`default ${column.default ?? 'none'}`, `default ${rule.default ?? 'none'}`]);
    if (wrong.length) {
      const has = wrong.map(([found]) => found).join(', ');
      const spec = `the spec says ${wrong.map(([, wanted]) => wanted).join(', ')}`;
      findings.push(violation(ref, `column ${key} has ${has}; ${spec}`, spec, describeRule(rule), has));
    }
  }
  for (const [tableName, count] of Object.entries(contract.columnCounts)) {
    const table = tables.get(tableName);
    const columns = table ? columnsOf(actual, tableName).length : count;
    if (columns !== count) {
      findings.push(violation({ kind: 'table', name: tableName }, `table ${tableName} has ${columns} columns, the spec says ${count}`, `the spec says ${count} columns`, String(count), String(columns)));
    }
  }
  const enums = new Map(actual.enums.map((type) => [type.name, type.values]));
  for (const [name, values] of Object.entries(contract.enums)) {
    const found = enums.get(name);
    if (found?.join(', ') !== values.join(', ')) {
      const rule = `the spec says exactly ${values.join(', ')}`;
      const message = found ? `enum ${name} has ${found.join(', ')}; ${rule}` : `the spec requires enum ${name} (${values.join(', ')})`;
      findings.push(violation({ kind: 'enum', name }, message, rule, values.join(', '), found ? found.join(', ') : null));
    }
  }
  if (contract.tenantIsolation) findings.push(...checkTenantIsolation(contract.tenantIsolation, actual, schema, { ignoreTable, expected: options.expected }));
  return findings;
}

function describeRule(rule: SpecContract['columns'][string]): string {
  return [rule.type, rule.nullable === false ? 'NOT NULL' : rule.nullable ? 'NULL' : undefined, rule.default !== undefined ? `DEFAULT ${rule.default ?? 'none'}` : undefined]
    .filter(Boolean)
    .join(' ');
}

/**
 * Keeps one finding per problem:
 * - a contract.violation already explained by a schema finding at the same path (or inside it) is dropped. The
 *   schema finding states the difference; the spec's rule is added as a short tail only when it says more: the
 *   spec forbids the object (the schema merely lacks it), or the schema itself breaks the same rule
 *   (`schemaBreaks`: paths where the expected catalog violates the contract), so the spec wants something other
 *   than the finding's expected value;
 * - a finding of a rule with its own code (contract.tenant_isolation) takes the place of the schema finding at
 *   its path: it guards a property the catalog code alone could let slip (an extra grant is only a warning, and
 *   the config may lower any catalog code). Inside an object the schema finds unexpected (a table, a view, a
 *   column), whose fix drops it whole, its words are added to that object's finding instead.
 */
export function foldContractFindings(schemaFindings: Finding[], contractFindings: ContractFinding[], schemaBreaks: ReadonlySet<string> = new Set()): Finding[] {
  const dedicated = contractFindings.filter((finding) => finding.code !== 'contract.violation');
  const replaced = new Set(dedicated.map((finding) => finding.path));
  const schemaKept = schemaFindings.filter((finding) => !replaced.has(finding.path));
  const unexpected = schemaKept.filter((finding) => finding.code.endsWith('.unexpected')).map((finding) => finding.path);

  const paths = new Set(schemaKept.map((finding) => finding.path));
  const parents = new Set<string>();
  for (const path of paths) {
    for (let cut = path.lastIndexOf('.'); cut > 0; cut = path.lastIndexOf('.', cut - 1)) parents.add(path.slice(0, cut));
  }
  const tails = new Map<string, string[]>();
  const addTail = (path: string, rule: string) => tails.set(path, [...(tails.get(path) ?? []), rule]);
  const violations: Finding[] = [];
  const standalone: Finding[] = [];
  for (const { rule, forbids, ...finding } of contractFindings) {
    if (finding.code !== 'contract.violation') {
      const covering = unexpected.find((path) => finding.path.startsWith(`${path}.`) || finding.path.startsWith(`${path}[`));
      if (covering !== undefined) addTail(covering, finding.message);
      else standalone.push(finding);
    } else if (!paths.has(finding.path) && !parents.has(finding.path)) violations.push(finding);
    else if (paths.has(finding.path) && rule !== undefined && (forbids || schemaBreaks.has(finding.path))) addTail(finding.path, rule);
  }
  const marked = schemaKept.map((finding) => {
    const rules = tails.get(finding.path);
    return rules ? { ...finding, message: [finding.message, ...rules].join('; ') } : finding;
  });
  return [...marked, ...violations, ...standalone];
}
