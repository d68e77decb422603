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
const AFTER_FROM = new Set(['WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR', 'UNION', 'INTERSECT', 'EXCEPT']);
/** Words that open a subquery right after a parenthesis. */
const QUERY_START = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

interface Token {
  text: string;
  start: number;
  end: number;
  /** An identifier (a bare lower-case word or a quoted name), unquoted. */
  name?: string;
  /** Inside no subquery (a sublink, a CTE, a FROM subquery). */
  top: boolean;
  /** Parentheses around it, of any kind. */
  depth: number;
}

/** The tokens of deparsed SQL, string literals kept whole, with how deep in parentheses and subqueries each is. */
function tokens(text: string): Token[] {
  const list: Token[] = [];
  const parens: boolean[] = [];
  let subqueries = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const top = subqueries === 0;
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
    const token: Token = { text: text.slice(i, end), start: i, end, top, depth: parens.length, ...(name !== undefined ? { name } : {}) };
    const previous = list.at(-1);
    if (previous?.text === '(' && QUERY_START.has(token.text)) {
      parens[parens.length - 1] = true;
      subqueries += 1;
      token.top = false;
    }
    if (token.text === '(') parens.push(false);
    else if (token.text === ')' && parens.pop()) subqueries -= 1;
    list.push(token);
    i = end;
  }
  return list;
}

/**
 * A view's query as PostgreSQL 16 and later deparse it, from an older server's text. Up to 15, a view's rules
 * held two placeholder relations, so pg_get_viewdef() qualified every column of a query that reads one relation
 * (`SELECT child.id FROM child WHERE child.flag`); 16 writes `SELECT id FROM child WHERE flag`. Only the top
 * query's own references lose the qualifier (subqueries keep theirs on every version, and a whole-row
 * `child.*` keeps it); a query that reads several relations, or none, is returned as it is.
 */
export function withoutSingleRelationQualifiers(text: string): string {
  const list = tokens(text);
  // FROM inside parentheses belongs to a function (EXTRACT(year FROM at)), not to the query.
  const froms = list.flatMap((token, index) => (token.top && token.depth === 0 && token.text === 'FROM' ? [index] : []));
  if (froms.length !== 1) return text;
  const item: Token[] = [];
  for (const token of list.slice(froms[0]! + 1)) {
    if (token.top && token.depth === 0 && AFTER_FROM.has(token.text)) break;
    if (token.text === ';') break;
    item.push(token);
  }
  const outer = item.filter((token) => token.depth === item[0]?.depth);
  if (outer.some((token) => token.text === ',' || token.text === 'JOIN')) return text;
  // The name it is referred to by: its alias, else the relation's own (the last part of a qualified name).
  const refname = outer.filter((token) => token.name !== undefined).at(-1)?.name;
  if (refname === undefined) return text;
  let out = '';
  let kept = 0;
  list.forEach((token, index) => {
    const dot = list[index + 1];
    const column = list[index + 2];
    if (!token.top || token.name !== refname || dot?.text !== '.' || dot.start !== token.end || column?.name === undefined || column.start !== dot.end) return;
    if (list[index - 1]?.text === '.' && list[index - 1]!.end === token.start) return;
    out += text.slice(kept, token.start);
    kept = dot.end;
  });
  return out + text.slice(kept);
}
