/**
 * What uses an object by name, for the fixes PostgreSQL refuses while the object is in use (an aggregate, a
 * collation, an operator, a range type or a text search object dropped to be created anew): the first user
 * found, as "<kind> <name>", for the finding to name instead of printing SQL that would fail. The same walk
 * finds where an enum value is written in a literal that PostgreSQL parses when the object is created (enums.ts).
 */
import type { Catalog } from './registry.js';
import { identifiersIn, splitList } from './sql.js';

/** Whether a deparsed text names one of `names` as an identifier. */
export const naming =
  (names: readonly string[]) =>
  (text: string | null): boolean => {
    if (text === null) return false;
    const found = identifiersIn(text);
    return names.some((name) => found.has(name));
  };

/** The first of `entries` that uses the object, as its label. */
export function firstUser<T>(entries: readonly T[], label: (entry: T) => string, uses: (entry: T) => boolean): string | undefined {
  const entry = entries.find(uses);
  return entry && label(entry);
}

/**
 * The defaults of pg_get_function_arguments(): what follows the first DEFAULT (every input argument after it has
 * one too), so that the names of the arguments before it do not count as uses.
 */
function argumentDefaults(list: string): string | null {
  const at = list.indexOf(' DEFAULT ');
  return at === -1 ? null : list.slice(at + ' DEFAULT '.length);
}

/**
 * The first expression that names the object, where PostgreSQL records the use: a column's default or generated
 * expression, a view, an index, a constraint, a domain's default or CHECK, a policy, a trigger's condition, a
 * rule, extended statistics, a function's argument defaults or BEGIN ATOMIC body, a publication's row filter.
 */
export function expressionUser(catalog: Catalog, names: (text: string | null) => boolean): string | undefined {
  return (
    firstUser(catalog.columns, (column) => `column ${column.table}.${column.name}`, (column) => names(column.default) || names(column.generated?.expression ?? null)) ??
    firstUser(catalog.views, (view) => `view ${view.name}`, (view) => names(view.definition) || view.defaults.some(({ expression }) => names(expression))) ??
    firstUser(catalog.indexes, (index) => `index ${index.name}`, (index) => names(index.definition)) ??
    firstUser(catalog.constraints, (constraint) => `constraint ${constraint.name}`, (constraint) => names(constraint.definition)) ??
    firstUser(catalog.domains, (domain) => `domain ${domain.name}`, (domain) => names(domain.default) || domain.checks.some((check) => names(check.definition))) ??
    firstUser(catalog.policies, (policy) => `policy ${policy.name}`, (policy) => names(policy.using) || names(policy.check)) ??
    firstUser(catalog.triggers, (trigger) => `trigger ${trigger.name}`, (trigger) => names(trigger.definition)) ??
    firstUser(catalog.rules, (rule) => `rule ${rule.name}`, (rule) => names(rule.definition)) ??
    firstUser(catalog.statistics, (statistics) => `statistics ${statistics.name}`, (statistics) => names(statistics.columns)) ??
    // Of a body, only BEGIN ATOMIC is parsed when created, so only there does PostgreSQL record what it uses.
    firstUser(catalog.functions, (routine) => `function ${routine.name}(${routine.argumentTypes})`, (routine) => names(argumentDefaults(routine.arguments)) || (routine.atomic && names(routine.body))) ??
    firstUser(catalog.publications, (publication) => `publication ${publication.name}`, (publication) => publication.tables.some((member) => names(member.where)))
  );
}

/**
 * The types in pg_get_function_result(): RETURNS TABLE(id integer, level text) also names its columns, and a
 * column named like a type does not take it.
 */
export function resultTypes(returns: string | null): string | null {
  if (returns === null || !returns.startsWith('TABLE(')) return returns;
  return splitList(returns.slice('TABLE('.length, -1))
    .map((entry) => entry.replace(/^(?:"(?:[^"]|"")*"|\S+)\s+/, ''))
    .join(', ');
}

/** The kinds whose definition can take a type by name, apart from columns and expressions. */
export type TypeUserKey = 'casts' | 'operators' | 'aggregates' | 'compositeTypes' | 'rangeTypes' | 'domains' | 'functions';

/** One object that takes a type by name: its kind's key in the catalog, the object, and "<kind> <name>". */
export interface TypeUser {
  key: TypeUserKey;
  object: Catalog[TypeUserKey][number];
  label: string;
}

/**
 * What in `catalog`, apart from columns and expressions, takes a type by name: a cast, an operator's arguments, an
 * aggregate's arguments or state, a composite type's attribute, a range's subtype, a domain, a function's
 * arguments or result. PostgreSQL refuses to drop the type while they do. In that order, what usually depends on
 * the others first (a cast or an operator or an aggregate on its function, a range on its functions), so that they
 * can be dropped in it.
 */
export function typeUsers(catalog: Catalog, named: (text: string | null) => boolean): TypeUser[] {
  const users = <K extends TypeUserKey>(key: K, label: (object: Catalog[K][number]) => string, uses: (object: Catalog[K][number]) => boolean): TypeUser[] =>
    (catalog[key] as Array<Catalog[K][number]>).filter(uses).map((object) => ({ key, object, label: label(object) }));
  return [
    ...users('casts', (cast) => `cast (${cast.source} AS ${cast.target})`, (cast) => named(cast.source) || named(cast.target)),
    ...users('operators', (operator) => `operator ${operator.name}(${operator.left ?? 'NONE'}, ${operator.right})`, (operator) => named(operator.left) || named(operator.right)),
    ...users('aggregates', (aggregate) => `aggregate ${aggregate.name}(${aggregate.argumentTypes})`, (aggregate) => named(aggregate.argumentTypes) || named(aggregate.definition)),
    ...users('compositeTypes', (type) => `composite type ${type.name}`, (type) => type.attributes.some((attribute) => named(attribute.type))),
    ...users('rangeTypes', (range) => `range type ${range.name}`, (range) => named(range.subtype)),
    ...users('domains', (domain) => `domain ${domain.name}`, (domain) => named(domain.type)),
    ...users('functions', (routine) => `function ${routine.name}(${routine.argumentTypes})`, (routine) => named(routine.argumentTypes) || named(resultTypes(routine.returns))),
  ];
}

/**
 * The tables and views of `catalog` that deparsed `texts` name (a row type, a relation read) and `other` lacks:
 * with `catalog` the expected one, those the fix creates; with `catalog` the database, those it drops. PostgreSQL
 * resolves them when it creates an object that names them, and will not drop them while that object exists.
 */
export function relationsOnlyIn(catalog: Catalog, other: Catalog, texts: ReadonlyArray<string | null>): { tables: string[]; views: string[] } {
  const found = identifiersIn(texts.filter((text) => text !== null).join(' '));
  const named = (relations: ReadonlyArray<{ name: string }>, others: ReadonlyArray<{ name: string }>) =>
    relations.map(({ name }) => name).filter((name) => found.has(name) && !others.some((relation) => relation.name === name));
  return { tables: named(catalog.tables, other.tables), views: named(catalog.views, other.views) };
}
