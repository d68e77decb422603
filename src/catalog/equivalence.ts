/**
 * When two default expressions written differently mean the same. Two ways, both proven by the trap corpus
 * (test/equivalence-traps.test.ts):
 * - spellings of the same niladic function (now(), CURRENT_TIMESTAMP, transaction_timestamp()...), for the
 *   column types where they give the same value;
 * - constants (a literal with casts, or an ARRAY of them) are evaluated by the server itself, both cast to
 *   the column's type and compared as the text the type prints (numbers with `=`, see probeDefaults):
 *   `'engagement'::varchar(50)` and `'engagement'::character varying`, `0` and `0.0` on numeric. Only
 *   that literal grammar is ever evaluated, so no function of the database runs.
 */
import type pg from 'pg';
import { probeEach, type ProbeOutcome } from './read-transaction.js';
import type { Catalog } from './registry.js';
import type { Column } from './kinds/columns.js';
import { isNumeric } from './types.js';

// CURRENT_TIMESTAMP(6) rounds to microseconds, the type's own precision: the same value.
const TIMESTAMP_NOW = ['now()', 'CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP(6)', 'transaction_timestamp()'];

/** Spellings that evaluate to the same value for a column of the type, by the column's base type. */
const SAME_VALUE: Record<string, string[][]> = {
  'timestamp with time zone': [[...TIMESTAMP_NOW, "('now'::text)::timestamp with time zone"]],
  'timestamp without time zone': [[...TIMESTAMP_NOW, 'LOCALTIMESTAMP', 'LOCALTIMESTAMP(6)', "('now'::text)::timestamp without time zone"]],
  date: [['CURRENT_DATE', "('now'::text)::date"]],
  // PostgreSQL 18's uuidv4() is gen_random_uuid() under another name (the same C function).
  uuid: [['gen_random_uuid()', 'uuidv4()']],
};

const baseType = (type: string) => type.replace(/\(\d+(,\d+)?\)/, '').replace(/\[\]$/, '');

/** Whether `a` and `b` are spellings of the same value for a column of `type` (pure). */
export function sameSpelling(type: string, a: string, b: string): boolean {
  return (SAME_VALUE[baseType(type)] ?? []).some((group) => group.includes(a) && group.includes(b));
}

/**
 * Whether an expression is a constant: an optionally signed number, a string ('...' or E'...'),
 * true/false/NULL, or ARRAY[...] of constants, each optionally parenthesised and followed by casts to type
 * names. A recursive-descent reader: linear in the text, no regular expression over the whole of it.
 */
export function isConstant(expression: string): boolean {
  if (expression.length > 10_000) return false;
  const reader = new ConstantReader(expression.trim());
  return reader.expression() && reader.atEnd();
}

class ConstantReader {
  private at = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.at === this.text.length;
  }

  /** expression := '(' expression ')' casts | ARRAY '[' expression (',' expression)* ']' casts | atom casts */
  expression(): boolean {
    this.spaces();
    if (this.take('(')) {
      if (!this.expression()) return false;
      this.spaces();
      return this.take(')') && this.casts();
    }
    if (this.takeWord('ARRAY')) {
      if (!this.take('[')) return false;
      do {
        if (!this.expression()) return false;
        this.spaces();
      } while (this.take(','));
      return this.take(']') && this.casts();
    }
    return this.atom() && this.casts();
  }

  private atom(): boolean {
    this.take('-');
    const rest = this.text.slice(this.at);
    const word = /^(?:true|false|null)\b/i.exec(rest) ?? /^\d+(?:\.\d+)?(?:e[+-]?\d+)?/i.exec(rest);
    if (word) {
      this.at += word[0].length;
      return true;
    }
    this.take('E');
    return this.quoted("'");
  }

  /** casts := ('::' type)*, type := name (' ' name)* ['(' digits [',' digits] ')'] ['[]']*, names dotted or quoted. */
  private casts(): boolean {
    while (this.text.startsWith('::', this.at)) {
      this.at += 2;
      do {
        if (!this.name()) return false;
      } while (this.take('.') || (this.text[this.at] === ' ' && /[a-z_"]/i.test(this.text[this.at + 1] ?? '') && this.take(' ')));
      const modifier = /^\(\d+(?:,\s*\d+)?\)/.exec(this.text.slice(this.at, this.at + 40));
      if (modifier) this.at += modifier[0].length;
      const zone = /^ with(?:out)? time zone/.exec(this.text.slice(this.at, this.at + 20));
      if (zone) this.at += zone[0].length;
      while (this.text.startsWith('[]', this.at)) this.at += 2;
    }
    return true;
  }

  private name(): boolean {
    if (this.text[this.at] === '"') return this.quoted('"');
    const word = /^[a-z_][a-z0-9_]*/i.exec(this.text.slice(this.at, this.at + 64));
    if (!word) return false;
    this.at += word[0].length;
    return true;
  }

  /** A literal in `quote`s, doubled quotes inside. */
  private quoted(quote: string): boolean {
    if (!this.take(quote)) return false;
    for (;;) {
      const end = this.text.indexOf(quote, this.at);
      if (end < 0) return false;
      this.at = end + 1;
      if (this.text[this.at] !== quote) return true;
      this.at += 1;
    }
  }

  private take(token: string): boolean {
    if (!this.text.startsWith(token, this.at)) return false;
    this.at += token.length;
    return true;
  }

  private takeWord(word: string): boolean {
    return this.text.startsWith(word, this.at) && !/[a-z0-9_]/i.test(this.text[this.at + word.length] ?? '') ? this.take(word) : false;
  }

  private spaces(): void {
    while (this.text[this.at] === ' ') this.at += 1;
  }
}

export interface DefaultPair {
  type: string;
  expected: string;
  actual: string;
}

const pairKey = (pair: DefaultPair) => `${pair.type}\u0000${pair.expected}\u0000${pair.actual}`;

/** The defaults of columns (of tables and views) and domains present on both sides, written differently, that only the server can settle. */
export function defaultsToProbe(expected: Catalog, actual: Catalog): DefaultPair[] {
  const pairs = new Map<string, DefaultPair>();
  const add = (type: string, a: string | null, b: string | null) => {
    if (a === null || b === null || a === b || sameSpelling(type, a, b) || !isConstant(a) || !isConstant(b)) return;
    const pair = { type, expected: a, actual: b };
    pairs.set(pairKey(pair), pair);
  };
  // Both lists are in catalog order: the column at the same place is usually the one; the map is built only when not.
  let actualColumns: Map<string, Column> | undefined;
  const columnKey = (column: Column) => `${column.table}\u0000${column.name}`;
  expected.columns.forEach((column, index) => {
    let found = actual.columns[index];
    if (found?.table !== column.table || found.name !== column.name) {
      actualColumns ??= new Map(actual.columns.map((candidate) => [columnKey(candidate), candidate]));
      found = actualColumns.get(columnKey(column));
    }
    if (found && found.type === column.type) add(column.type, column.default, found.default);
  });
  const actualDomains = new Map(actual.domains.map((domain) => [domain.name, domain]));
  for (const domain of expected.domains) {
    const found = actualDomains.get(domain.name);
    if (found && found.type === domain.type) add(domain.type, domain.default, found.default);
  }
  const actualViews = new Map(actual.views.map((view) => [view.name, view]));
  for (const view of expected.views) {
    const found = actualViews.get(view.name);
    for (const entry of found ? view.defaults : []) {
      const other = found!.defaults.find((candidate) => candidate.column === entry.column);
      if (other && other.type === entry.type) add(entry.type, entry.expression, other.expression);
    }
  }
  return [...pairs.values()];
}

/**
 * Asks the server which pairs hold the same value: both constants cast to the column's type and compared as the
 * text the type prints, the value itself rather than a spelling of it ('1 mon' and '30 days' are equal
 * intervals by `=` but not the same value, nor 0 and -0 as floats, nor 'A' and 'a' as citext). Numbers keep
 * their `=`: 0 and 0.0 on numeric are the same number, printed with another scale. Read-only, one statement
 * per pair.
 */
export async function probeDefaults(client: pg.Client, schema: string, pairs: readonly DefaultPair[]): Promise<Set<string>> {
  const value = (type: string, expression: string) => `(${expression})::${type}${isNumeric(type) ? '' : '::text'}`;
  // A constant the type refuses (an enum value the database's type lacks) still fails: then the pair differs.
  const outcomes = await probeEach(client, schema, pairs, (pair) => `SELECT ${value(pair.type, pair.expected)} IS NOT DISTINCT FROM ${value(pair.type, pair.actual)} AS same`);
  const same = (outcome: ProbeOutcome) => 'rows' in outcome && outcome.rows[0]?.same === true;
  return new Set(pairs.filter((_, index) => same(outcomes[index]!)).map(pairKey));
}

/** The comparison's sameDefault: a known spelling, or a pair the server found equal. */
export function defaultEquivalence(probed: ReadonlySet<string>): (type: string, expected: string, actual: string) => boolean {
  return (type, expected, actual) => sameSpelling(type, expected, actual) || probed.has(pairKey({ type, expected, actual }));
}
