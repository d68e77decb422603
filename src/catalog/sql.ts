/** SQL text for the suggested fixes and the catalog queries: names, lists, and identifier rewriting. */
import { quoteIdent, quoteLiteral, readableIdent } from '../database/quote.js';

/** Names as the suggested SQL writes them: quoted only where needed, objects qualified by the checked schema. */
export class SqlNames {
  constructor(readonly schema: string) {}

  /** `schema.name`, for tables, types, sequences, functions and views. */
  qualified(name: string): string {
    return `${readableIdent(this.schema)}.${readableIdent(name)}`;
  }

  ident(name: string): string {
    return readableIdent(name);
  }

  list(names: readonly string[]): string {
    return names.map(readableIdent).join(', ');
  }

  literal(value: string): string {
    return quoteLiteral(value);
  }

  /** `ALTER TABLE schema.table` and the rest of the statement. */
  alterTable(table: string, rest: string): string {
    return `ALTER TABLE ${this.qualified(table)} ${rest};`;
  }
}

export { quoteIdent, quoteLiteral };

/** `text` as a regular expression that matches it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A catalog object's name as the fix SQL writes it: quoted where needed, and qualified by its schema unless that
 * is the checked one or pg_catalog. Not regproc's output, which also qualifies an overloaded function's name, so
 * one more overload, or another schema name, would read as a change.
 */
export const visibleNameSql = (namespace: string, name: string): string =>
  `CASE WHEN ${namespace} IN ($SCHEMA, 'pg_catalog'::regnamespace) THEN '' ELSE ${namespace}::regnamespace::text || '.' END || quote_ident(${name})`;

/** The name (visibleNameSql) of the function whose oid is `oid`, e.g. an aggregate's state function. */
export const functionNameSql = (oid: string): string => `(SELECT ${visibleNameSql('named_fn.pronamespace', 'named_fn.proname')} FROM pg_proc named_fn WHERE named_fn.oid = ${oid})`;

/** pg_type rows (`alias`) that are types of their own: enums, domains, ranges, and composite types made by CREATE TYPE (not a table's row type). */
export const standaloneType = (alias: string): string =>
  `(${alias}.typtype IN ('e', 'd', 'r') OR ${alias}.typtype = 'c' AND ${alias}.typrelid IN (SELECT k.oid FROM pg_class k WHERE k.relkind = 'c'))`;

/** A SQL fragment that keeps the objects of extensions out of a query (they belong to the extension). */
export function notExtensionMember(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;
}

/**
 * A SQL fragment that keeps out what PostgreSQL made as part of another object (an identity column's sequence,
 * a range type's constructor functions): it comes and goes with that object, as pg_dump treats it.
 */
export function notInternalPart(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = '${catalog}'::regclass AND i.objid = ${oid} AND i.deptype = 'i')`;
}

/**
 * Rewrites identifiers in deparsed SQL (an index definition, a CHECK expression): each one scanIdentifiers
 * finds is passed to `rename`, everything else is kept; a renamed identifier is quoted only where needed, as the
 * server deparses it. Used only to compare dependants after a detected rename, never to build SQL from user input.
 */
export function rewriteIdentifiers(text: string, rename: (name: string) => string): string {
  let out = '';
  let kept = 0;
  scanIdentifiers(text, (name, start, end) => {
    const renamed = rename(name);
    if (renamed === name) return;
    out += text.slice(kept, start) + readableIdent(renamed);
    kept = end;
  });
  return out + text.slice(kept);
}

/** A deparsed list's entries (a signature's types, a TABLE's columns), split at the commas outside quotes and parentheses, trimmed. */
export function splitList(text: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth -= 1;
    else if (!quoted && depth === 0 && char === ',') {
      entries.push(text.slice(start, at).trim());
      start = at + 1;
    }
  }
  const last = text.slice(start).trim();
  return last || entries.length ? [...entries, last] : [];
}

/** The identifiers of deparsed SQL (see scanIdentifiers). */
export function identifiersIn(text: string): Set<string> {
  const found = new Set<string>();
  scanIdentifiers(text, (name) => found.add(name));
  return found;
}

const isWordStart = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
const isWordPart = (code: number) => isWordStart(code) || (code >= 48 && code <= 57) || code === 36;

/**
 * Visits the identifiers of deparsed SQL, token by token, outside string literals: quoted identifiers
 * (unquoted), and bare words in lower case (the server prints keywords in upper case), with where each is.
 */
function scanIdentifiers(text: string, visit: (name: string, start: number, end: number) => void): void {
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 39 /* ' */) i = closing(text, i, "'");
    else if (code === 34 /* " */) {
      const end = closing(text, i, '"');
      visit(text.slice(i + 1, end - 1).replaceAll('""', '"'), i, end);
      i = end;
    } else if (isWordStart(code)) {
      let end = i + 1;
      while (end < text.length && isWordPart(text.charCodeAt(end))) end += 1;
      const word = text.slice(i, end);
      if (word === word.toLowerCase()) visit(word, i, end);
      i = end;
    } else i += 1;
  }
}

/** The index just past the quote that closes the one at `start` (doubled quotes are escapes). */
export function closing(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return text.length;
}

/** Collapses white space outside string literals and quoted identifiers (servers lay deparsed SQL out differently). */
export function normaliseWhitespace(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = closing(text, i, ch);
      out += text.slice(i, end);
      i = end;
    } else if (/\s/.test(ch)) {
      while (i < text.length && /\s/.test(text[i]!)) i += 1;
      if (out.length && !out.endsWith('(') && i < text.length && text[i] !== ')') out += ' ';
    } else {
      out += ch;
      i += 1;
    }
  }
  return out.trim();
}

/** Words that end a top-level FROM clause in deparsed SQL. */
const AFTER_FROM = new Set(['WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR']);
/** Words that combine queries: their branches are qualified on every version. */
const SET_OPERATIONS = new Set(['UNION', 'INTERSECT', 'EXCEPT']);
/** Words that open a query right after parentheses. */
const QUERY_START = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

interface Token {
  text: string;
  start: number;
  end: number;
  /** An identifier (a bare lower-case word or a quoted name), unquoted. */
  name?: string;
  /** Inside no subquery (a sublink, a CTE, a FROM subquery, a branch of a set operation in parentheses). */
  top: boolean;
  /** Parentheses around it, of any kind. */
  depth: number;
}

/** The tokens of deparsed SQL, string literals kept whole, with how deep in parentheses and subqueries each is. */
function tokens(text: string): Token[] {
  const list: Token[] = [];
  /** Open parentheses, each marked when it holds a query. */
  const parens: boolean[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      i += 1;
      continue;
    }
    let end = i + 1;
    let name: string | undefined;
    if (code === 39 /* ' */) end = closing(text, i, "'");
    else if (code === 34 /* " */) {
      end = closing(text, i, '"');
      name = text.slice(i + 1, end - 1).replaceAll('""', '"');
    } else if (isWordStart(code)) {
      while (end < text.length && isWordPart(text.charCodeAt(end))) end += 1;
      const word = text.slice(i, end);
      if (word === word.toLowerCase()) name = word;
    }
    const word = text.slice(i, end);
    // `((SELECT ...) UNION SELECT ...)`: every parenthesis just before a query's first word holds a query.
    for (let back = 1; QUERY_START.has(word) && list.at(-back)?.text === '('; back += 1) parens[parens.length - back] = true;
    list.push({ text: word, start: i, end, top: !parens.includes(true), depth: parens.length, ...(name !== undefined ? { name } : {}) });
    if (word === '(') parens.push(false);
    else if (word === ')') parens.pop();
    i = end;
  }
  return list;
}

/** Whether `a` ends where `b` starts (`child.id`, not `child . id`). */
const touching = (a: Token | undefined, b: Token | undefined) => a !== undefined && b !== undefined && a.end === b.start;

/**
 * A view's query as PostgreSQL 16 and later deparse it, from the text of 14 or 15. Up to 15, a view's rules
 * held two placeholder relations, so pg_get_viewdef() qualified every column of a query that reads one relation
 * (`SELECT child.id FROM child WHERE child.flag`); 16 writes `SELECT id FROM child WHERE flag`. Only the top
 * query's column references lose the qualifier: not subqueries' (qualified on every version), not a whole-row
 * `child.*`, not a name qualified by a schema (`audit.audit`, `audit.f(x)`, `::audit.t`), and not a column in
 * ORDER BY that an output column's alias would capture (16 keeps that qualifier too). A query that reads several
 * relations or none, or combines queries (UNION), is returned as it is.
 */
export function withoutSingleRelationQualifiers(text: string): string {
  const list = tokens(text);
  const top = (token: Token) => token.top && token.depth === 0;
  // FROM inside parentheses belongs to a function (EXTRACT(year FROM at)), not to the query.
  const froms = list.flatMap((token, index) => (top(token) && token.text === 'FROM' ? [index] : []));
  if (froms.length !== 1 || list.some((token) => top(token) && SET_OPERATIONS.has(token.text))) return text;
  const from = froms[0]!;
  let itemEnd = from + 1;
  while (itemEnd < list.length && !(top(list[itemEnd]!) && AFTER_FROM.has(list[itemEnd]!.text)) && list[itemEnd]!.text !== ';') itemEnd += 1;
  // The FROM item's own tokens (not those inside its parentheses): [ONLY] relation or function or (subquery), then its alias.
  const outer = list.slice(from + 1, itemEnd).filter((token) => token.depth === 0);
  if (outer.some((token) => token.text === ',' || token.text === 'JOIN')) return text;
  let at = outer[0]?.text === 'ONLY' || outer[0]?.text === 'LATERAL' ? 1 : 0;
  let refname = outer[at]?.name;
  while (outer[at + 1]?.text === '.' && outer[at + 2]?.name !== undefined) {
    at += 2;
    refname = outer[at]!.name;
  }
  while (outer[at + 1]?.text === '(') at += 1;
  refname = outer[at + 1]?.name ?? refname;
  if (refname === undefined) return text;
  // Output columns named by an alias: ORDER BY keeps the qualifier of a column of the same name.
  const aliases = new Set(list.slice(0, from).flatMap((token, index) => (top(token) && list[index - 1]?.text === 'AS' && token.name !== undefined ? [token.name] : [])));
  const orderBy = list.findIndex((token, index) => top(token) && token.text === 'ORDER' && list[index + 1]?.text === 'BY');
  let out = '';
  let kept = 0;
  list.forEach((token, index) => {
    const [before, dot, column, after] = [list[index - 1], list[index + 1], list[index + 2], list[index + 3]];
    if (!token.top || token.name !== refname || dot?.text !== '.' || !touching(token, dot) || column?.name === undefined || !touching(dot, column)) return;
    if (index > from && index < itemEnd) return;
    if ((before?.text === '.' && touching(before, token)) || (after?.text === '(' && touching(column, after))) return;
    if ((before?.text === ':' && list[index - 2]?.text === ':') || before?.text === 'COLLATE' || (before?.text === '(' && list[index - 2]?.text === 'OPERATOR')) return;
    if (orderBy >= 0 && index > orderBy && aliases.has(column.name)) return;
    out += text.slice(kept, token.start);
    kept = dot.end;
  });
  return out + text.slice(kept);
}

/**
 * `body` between dollar quotes whose tag it does not hold, and whose closing tag its end cannot begin (a body
 * ending in `$aiforce` before `$aiforce$`): a function's body, a DO block naming tables and values as read.
 */
export function dollarQuote(body: string): string {
  let tag = '$aiforce$';
  for (let n = 1; `${body}${tag}`.indexOf(tag) < body.length; n += 1) tag = `$aiforce${n}$`;
  return `${tag}${body}${tag}`;
}

/**
 * A statement that stops the script, in words, where rows of `table` (qualified) meet `condition`: before a
 * conversion they would fail or lose data in, which rows to change being the user's call, not the fix's.
 */
export function stopIfAny(table: string, condition: string, message: string): string {
  return `DO ${dollarQuote(` BEGIN IF EXISTS (SELECT FROM ${table} WHERE ${condition}) THEN RAISE EXCEPTION USING MESSAGE = ${quoteLiteral(message)}; END IF; END `)};`;
}
