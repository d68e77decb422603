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
