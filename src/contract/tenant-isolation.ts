/**
 * The spec contract's tenant-isolation rule (README "Tenant isolation"), checked on a catalog (pure). A tenant
 * table is one with the tenant column, or a configured child table. Each has row-level security enabled and
 * the rule's policy for the tenant role, whose expressions compare the row with the tenant setting (a child
 * table: with its parent rows, which their own policies filter); no other permissive policy widens it for that
 * role. The role holds exactly the documented privileges: on every tenant table and on the schema, and nothing
 * anywhere else in the schema. Each finding names the table and the missing piece, with the SQL that restores it.
 */
import { NO_RENAMES, type CompareContext } from '../catalog/kind.js';
import { columnsOf } from '../catalog/kinds/columns.js';
import { policies, type Policy } from '../catalog/kinds/policies.js';
import { privileges, PUBLIC_BY_DEFAULT, type Privilege } from '../catalog/kinds/privileges.js';
import { rowSecurity } from '../catalog/kinds/row-security.js';
import { refKey, refPath, type FixStep, type ObjectRef } from '../catalog/model.js';
import type { Catalog } from '../catalog/registry.js';
import { closing, escapeRegExp, identifiersIn, quoteLiteral, SqlNames } from '../catalog/sql.js';
import { codeInfo, type Finding } from '../findings/finding.js';
import type { TenantIsolationRule } from './contract.js';

const CODE = 'contract.tenant_isolation';

export interface TenantIsolationOptions {
  /** Tables out of scope (ignored). */
  ignoreTable?: (table: string) => boolean;
  /** The expected catalog (the lock): a missing or broken policy is restored as it defines it. */
  expected?: Catalog;
}

/** What a tenant table's policy must compare its rows with. */
interface Scope {
  table: string;
  /** Child table: its column -> the parent table whose id it holds. */
  parents?: Record<string, string>;
  /** It has the engagement column, so the engagement setting narrows it too. */
  byEngagement: boolean;
  /** Its columns' names: none of them may stand on the setting's side of a comparison. */
  columns: ReadonlySet<string>;
}

export function checkTenantIsolation(rule: TenantIsolationRule, actual: Catalog, schema: string, options: TenantIsolationOptions = {}): Finding[] {
  const ignoreTable = options.ignoreTable ?? (() => false);
  const context: CompareContext = {
    schema,
    expected: options.expected ?? actual,
    actual,
    expectedLabel: 'the spec contract',
    actualLabel: 'the database',
    sameDefault: () => false,
    castable: () => true,
    names: new SqlNames(schema),
    createChildren: () => [],
    dropActual: (kind, object) => kind.drop(object, context),
    renames: NO_RENAMES,
    serverVersion: Infinity,
  };
  const finding = (object: ObjectRef, table: string | undefined, message: string, expected: string | null, found: string | null, steps: FixStep[]): Finding => ({
    code: CODE,
    severity: codeInfo(CODE).severity,
    path: refPath(schema, object),
    object,
    ...(table !== undefined ? { table } : {}),
    message,
    expected,
    actual: found,
    fix: steps.map((step) => step.sql).join('\n'),
    fixSteps: steps,
  });
  const hasColumn = (table: string, column: string, catalog = actual) => columnsOf(catalog, table).some((candidate) => candidate.name === column);
  // A tenant table of the schema stays one when the database lost its tenant column (renamed, dropped): the
  // column's own finding brings it back, and its grants must not be revoked meanwhile.
  const isTenantTable = (table: string) =>
    Object.hasOwn(rule.childTables, table) || hasColumn(table, rule.tenantColumn) || (options.expected !== undefined && hasColumn(table, rule.tenantColumn, options.expected));
  const scopes: Scope[] = actual.tables
    .map((table) => table.name)
    .filter((table) => !ignoreTable(table) && isTenantTable(table))
    .map((table) => ({ table, parents: rule.childTables[table], byEngagement: hasColumn(table, rule.engagementColumn), columns: new Set(columnsOf(actual, table).map((column) => column.name)) }));

  const findings: Finding[] = [];
  const security = new Map(actual.rowSecurity.map((entry) => [entry.table, entry]));
  for (const scope of scopes) {
    const { table } = scope;
    const current = security.get(table);
    if (!current?.enabled) {
      // FORCE alone (without ENABLE) applies no policy either; the fix only enables, whatever FORCE is.
      const enable = { table, enabled: true, forced: false };
      findings.push(
        finding(rowSecurity.ref(enable), table, `tenant table ${table} does not enable row-level security, so its policies are not applied: members of ${rule.role} see every tenant's rows`, 'enabled', current ? 'forced but not enabled' : 'disabled', rowSecurity.create(enable, context)),
      );
    }
    const onTable = actual.policies.filter((policy) => policy.table === table);
    const own = onTable.find((policy) => policy.name === rule.policy);
    // Only a missing or failing policy needs the one a fix would create (checking the locked one costs a parse).
    const restoring = () => restoringPolicy(rule, scope, context);
    if (!own) {
      const policy = restoring();
      findings.push(
        finding(policies.ref(policy), table, `tenant table ${table} has no policy ${rule.policy} for ${rule.role}`, policies.describe(policy), null, policies.create(policy, context)),
      );
    } else {
      const problems = policyProblems(rule, own, scope);
      if (problems.length) {
        const policy = restoring();
        findings.push(
          finding(policies.ref(own), table, `policy ${rule.policy} on tenant table ${table} does not isolate tenants: ${problems.join('; ')}`, policies.describe(policy), policies.describe(own), [
            ...policies.drop(own, context),
            ...policies.create(policy, context),
          ]),
        );
      }
    }
    for (const other of onTable) {
      if (other.name === rule.policy || !other.permissive || !(other.roles.includes(rule.role) || other.roles.includes('PUBLIC'))) continue;
      findings.push(
        finding(policies.ref(other), table, `policy ${other.name} on tenant table ${table} applies to ${rule.role} and is permissive, so it widens ${rule.policy} (permissive policies add up)`, null, policies.describe(other), policies.drop(other, context)),
      );
    }
  }
  findings.push(...privilegeFindings(rule, actual, scopes, ignoreTable, context, finding));
  return findings;
}

/** Why a policy does not isolate tenants (empty when it does). */
function policyProblems(rule: TenantIsolationRule, policy: Policy, scope: Scope): string[] {
  const problems: string[] = [];
  if (policy.command !== 'ALL') problems.push(`it is FOR ${policy.command}, not FOR ALL`);
  if (!policy.permissive) problems.push('it is RESTRICTIVE, which grants nothing on its own');
  if (!policy.roles.includes(rule.role)) problems.push(`it does not apply to ${rule.role}`);
  // Without WITH CHECK, PostgreSQL checks written rows with USING; most policies write the same expression twice.
  const missingIn = (expression: string | null) => (expression === null ? null : missingReferences(rule, scope, expression));
  const usingMissing = missingIn(policy.using);
  const check = policy.check ?? policy.using;
  for (const [clause, missing] of [['USING', usingMissing], ['WITH CHECK', check === policy.using ? usingMissing : missingIn(check)]] as const) {
    if (missing === null) problems.push(`it has no ${clause} expression`);
    else if (missing.length) problems.push(`its ${clause} expression does not compare ${missing.join(', ')}`);
  }
  return problems;
}

/**
 * The parts of a deparsed boolean expression joined by a top-level AND (outside parentheses, literals and
 * quoted names), each without its enclosing parentheses. A row passes only when every part is true, so one
 * part that isolates is enough, whatever the others say; an OR at the top would not be split, and isolates
 * nothing unless all of it does.
 */
export function conjuncts(expression: string): string[] {
  const text = unwrap(expression.trim());
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      i = closing(text, i, ch);
      continue;
    }
    if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (depth === 0 && (text[i + 1] === 'A' || text[i + 1] === 'a') && /^\sAND\s/i.test(text.slice(i, i + 5))) {
      parts.push(unwrap(text.slice(start, i).trim()));
      i += 5;
      start = i;
      continue;
    }
    i += 1;
  }
  return [...parts, unwrap(text.slice(start).trim())];
}

/** `text` without the parentheses that enclose all of it, if any. */
function unwrap(text: string): string {
  while (text.startsWith('(')) {
    let depth = 0;
    let end = -1;
    for (let i = 0; i < text.length && end < 0; ) {
      const ch = text[i]!;
      if (ch === "'" || ch === '"') {
        i = closing(text, i, ch);
        continue;
      }
      if (ch === '(') depth += 1;
      else if (ch === ')' && --depth === 0) end = i;
      i += 1;
    }
    if (end !== text.length - 1) break;
    text = text.slice(1, -1).trim();
  }
  return text;
}

/**
 * Whether `part` is `column = <the setting, as a uuid>`, or COALESCE of that with true (an unset engagement
 * hides nothing): the setting read by current_setting on one side, the column alone on the other, and no
 * other column of the table in the setting's side (`column = coalesce(setting, column)` compares nothing).
 */
function comparesWithSetting(part: string, column: string, setting: string, columns: ReadonlySet<string>): boolean {
  const optional = /^coalesce\s*\((.*),\s*true\s*\)$/is.exec(part);
  const comparison = conjuncts(optional ? optional[1]! : part);
  if (comparison.length !== 1) return false;
  const equals = /^("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\s*=\s*(.+)$/s.exec(comparison[0]!);
  if (!equals) return false;
  const left = equals[1]!.startsWith('"') ? equals[1]!.slice(1, -1).replaceAll('""', '"') : equals[1]!;
  const right = equals[2]!;
  if (left !== column || !settingPattern(setting).test(right)) return false;
  if (/\sOR\s/i.test(right)) return false;
  return ![...identifiersIn(right)].some((name) => columns.has(name));
}


const settingPatterns = new Map<string, RegExp>();
/** `current_setting('name'`, compiled once per setting name. */
function settingPattern(setting: string): RegExp {
  let pattern = settingPatterns.get(setting);
  if (!pattern) settingPatterns.set(setting, (pattern = new RegExp(`current_setting\\s*\\(\\s*${escapeRegExp(quoteLiteral(setting))}`, 'i')));
  return pattern;
}

/** What an expression does not isolate: each tenant setting compared in a conjunct of its own, or each parent row looked up. */
function missingReferences(rule: TenantIsolationRule, scope: Scope, expression: string): string[] {
  const parts = conjuncts(expression);
  if (scope.parents) {
    const lookups = parts.filter((part) => /^EXISTS\s*\(/i.test(part)).map(identifiersIn);
    return Object.entries(scope.parents)
      .filter(([column, parent]) => !lookups.some((names) => names.has(column) && names.has(parent)))
      .map(([column, parent]) => `${column} with its ${parent} row`);
  }
  const pairs: Array<[column: string, setting: string]> = [[rule.tenantColumn, rule.tenantSetting], ...(scope.byEngagement ? [[rule.engagementColumn, rule.engagementSetting] as [string, string]] : [])];
  return pairs.filter(([column, name]) => !parts.some((part) => comparesWithSetting(part, column, name, scope.columns))).map(([column, name]) => `${column} with the setting ${name}`);
}

/** The policy a fix creates: the expected catalog's own when it isolates, else the documented one. */
function restoringPolicy(rule: TenantIsolationRule, scope: Scope, { expected, names }: CompareContext): Policy {
  const locked = expected.policies.find((policy) => policy.table === scope.table && policy.name === rule.policy);
  if (locked && policyProblems(rule, locked, scope).length === 0) return locked;
  const expression = tenantExpression(rule, scope, names);
  return { table: scope.table, name: rule.policy, command: 'ALL', permissive: true, roles: [rule.role], using: expression, check: expression };
}

/** The documented expression (the migration's): a transaction-local setting leaves '' behind, hence NULLIF. */
function tenantExpression(rule: TenantIsolationRule, scope: Scope, names: SqlNames): string {
  if (scope.parents) {
    return Object.entries(scope.parents)
      .map(([column, parent]) => `EXISTS (SELECT 1 FROM ${names.qualified(parent)} p WHERE p.id = ${names.ident(scope.table)}.${names.ident(column)})`)
      .join(' AND ');
  }
  const setting = (name: string) => `NULLIF(current_setting(${quoteLiteral(name)}, true), '')::uuid`;
  const tenant = `${names.ident(rule.tenantColumn)} = ${setting(rule.tenantSetting)}`;
  return scope.byEngagement ? `${tenant} AND coalesce(${names.ident(rule.engagementColumn)} = ${setting(rule.engagementSetting)}, true)` : tenant;
}

const sorted = (list: readonly string[]) => [...list].sort();
const THROUGH_PUBLIC = " through PUBLIC (every role holds PUBLIC's privileges)";

/** The role's grants against the documented ones: each tenant table and the schema exactly, nothing elsewhere. */
function privilegeFindings(
  rule: TenantIsolationRule,
  actual: Catalog,
  scopes: Scope[],
  ignoreTable: (table: string) => boolean,
  context: CompareContext,
  finding: (object: ObjectRef, table: string | undefined, message: string, expected: string | null, found: string | null, steps: FixStep[]) => Finding,
): Finding[] {
  const documented = (target: ObjectRef, list: readonly string[]): Privilege => ({ target, grantee: rule.role, privileges: sorted(list), grantable: [] });
  const wanted = [
    ...(rule.schemaPrivileges.length ? [documented({ kind: 'schema', name: '' }, rule.schemaPrivileges)] : []),
    ...scopes.map((scope) => documented({ kind: 'table', name: scope.table }, rule.tablePrivileges)),
  ];
  const held = new Map(actual.privileges.filter((privilege) => privilege.grantee === rule.role).map((privilege) => [refKey(privileges.ref(privilege)), privilege]));
  // Every role holds PUBLIC's privileges, the tenant role too; but for those PostgreSQL gives PUBLIC on every
  // function and type (EXECUTE, USAGE), which the lock compares.
  const throughPublic = new Map(
    actual.privileges.flatMap((privilege) => {
      const list = privilege.grantee === 'PUBLIC' ? privilege.privileges.filter((name) => name !== PUBLIC_BY_DEFAULT[privilege.target.kind]) : [];
      return list.length ? [[refKey(privilege.target), { ...privilege, privileges: list }] as const] : [];
    }),
  );
  const what = (privilege: Privilege) => (privilege.target.kind === 'schema' ? 'the schema' : `${privilege.target.kind} ${privilege.target.table ? `${privilege.target.table}.` : ''}${privilege.target.name}`);
  const tableOf = (privilege: Privilege) => privilege.target.table ?? (privilege.target.kind === 'schema' ? undefined : privilege.target.name);

  const findings: Finding[] = [];
  for (const privilege of wanted) {
    const key = refKey(privileges.ref(privilege));
    const own = held.get(key);
    held.delete(key);
    const fromPublic = throughPublic.get(refKey(privilege.target));
    throughPublic.delete(refKey(privilege.target));
    const table = tableOf(privilege);
    const where = table === undefined ? 'the schema' : `tenant table ${table}`;
    const publicGrants = fromPublic?.privileges.filter((name) => privilege.privileges.includes(name)) ?? [];
    const beyond = fromPublic?.privileges.filter((name) => !privilege.privileges.includes(name)) ?? [];
    if (fromPublic && beyond.length) {
      findings.push(
        finding(privileges.ref(fromPublic), table, `${rule.role} holds ${beyond.join(', ')} on ${where}${THROUGH_PUBLIC}, but the spec contract grants it exactly ${privilege.privileges.join(', ')}`, privileges.describe({ ...fromPublic, privileges: publicGrants }) || null, privileges.describe(fromPublic), privileges.drop({ ...fromPublic, privileges: beyond }, context)),
      );
    }
    // What PUBLIC holds of the documented privileges, the role holds too.
    const holds = [...new Set([...(own?.privileges ?? []), ...publicGrants])];
    const found = holds.length ? { ...privilege, privileges: sorted(holds), grantable: own?.grantable ?? [] } : undefined;
    if (!found) {
      findings.push(
        finding(privileges.ref(privilege), table, `${rule.role} holds nothing on ${where}: the spec contract grants it ${privilege.privileges.join(', ')}`, privileges.describe(privilege), null, privileges.create(privilege, context)),
      );
      continue;
    }
    const differences = privileges.differences(privilege, found, context);
    if (differences.length) {
      findings.push(
        finding(privileges.ref(privilege), table, `${rule.role} holds ${privileges.describe(found)} on ${where}, but the spec contract grants exactly ${privilege.privileges.join(', ')}`, privileges.describe(privilege), privileges.describe(found), differences.flatMap((difference) => (Array.isArray(difference.fix) ? difference.fix : []))),
      );
    }
  }
  const grantedNothing = (extra: Privilege, through: string) => {
    const table = tableOf(extra);
    if (table !== undefined && ignoreTable(table)) return;
    findings.push(
      finding(privileges.ref(extra), table, `${rule.role} holds ${privileges.describe(extra)} on ${what(extra)}${through}, where the spec contract grants it nothing`, null, privileges.describe(extra), privileges.drop(extra, context)),
    );
  };
  for (const extra of held.values()) grantedNothing(extra, '');
  for (const extra of throughPublic.values()) grantedNothing(extra, THROUGH_PUBLIC);
  return findings;
}
