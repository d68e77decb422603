import { describe, expect, it } from 'vitest';
import { dollarQuote, identifiersIn, rewriteIdentifiers, withoutSingleRelationQualifiers } from './sql.js';

describe('identifiers in deparsed SQL', () => {
  const text = `(tenant_id = (current_setting('app.tenant_id'::text, true))::uuid) AND EXISTS (SELECT 1 FROM "Engagement" e WHERE e.id = "my""col" AND x$1 > 2 AND 'it''s' <> 'tenant_id')`;

  it('finds quoted names unquoted and lower-case words (function and type names too), never upper-case keywords or what is inside a string literal', () => {
    expect([...identifiersIn(text)]).toEqual(['tenant_id', 'current_setting', 'text', 'true', 'uuid', 'Engagement', 'e', 'id', 'my"col', 'x$1']);
  });

  it('rewrites only the identifiers it renames, quoting them where needed, and keeps the rest byte for byte', () => {
    const renamed = rewriteIdentifiers(text, (name) => ({ tenant_id: 'Tenant Id', 'my"col': 'plain', e: 'e' })[name] ?? name);
    expect(renamed).toBe(
      `("Tenant Id" = (current_setting('app.tenant_id'::text, true))::uuid) AND EXISTS (SELECT 1 FROM "Engagement" e WHERE e.id = plain AND x$1 > 2 AND 'it''s' <> 'tenant_id')`,
    );
    expect(rewriteIdentifiers(text, (name) => name)).toBe(text);
  });

  it('reads an unterminated literal to the end', () => {
    expect([...identifiersIn(`a = 'b c`)]).toEqual(['a']);
  });
});

describe('a view query written as PostgreSQL 16 and later write it', () => {
  // pg_get_viewdef() on 15 (left) and on 18 (right) for the same view, white space collapsed.
  const pairs: Array<[on15: string, on18: string]> = [
    ['SELECT child.id, child.note FROM child WHERE child.flag', 'SELECT id, note FROM child WHERE flag'],
    ['SELECT c.id, c.note FROM child c WHERE c.flag ORDER BY c.id', 'SELECT id, note FROM child c WHERE flag ORDER BY id'],
    ['SELECT child.id FROM child WHERE (EXISTS (SELECT 1 FROM parent p WHERE (p.id = child.parent_id)))', 'SELECT id FROM child WHERE (EXISTS (SELECT 1 FROM parent p WHERE (p.id = child.parent_id)))'],
    ['SELECT child.id, row_number() OVER (PARTITION BY child.parent_id ORDER BY child.id) AS r FROM child', 'SELECT id, row_number() OVER (PARTITION BY parent_id ORDER BY id) AS r FROM child'],
    ['SELECT EXTRACT(year FROM now()) AS y, c.id FROM child c', 'SELECT EXTRACT(year FROM now()) AS y, id FROM child c'],
    ['SELECT to_json(child.*) AS j, child.id FROM child', 'SELECT to_json(child.*) AS j, id FROM child'],
    ["SELECT (w.p).a AS a, w.id FROM withpair w WHERE ((w.p).b = 'x'::text)", "SELECT (p).a AS a, id FROM withpair w WHERE ((p).b = 'x'::text)"],
    ["SELECT child.id FROM child WHERE (child.note <> 'child.id'::text)", "SELECT id FROM child WHERE (note <> 'child.id'::text)"],
    ['SELECT "Odd Table"."Col", "Odd Table"."x.y" FROM "Odd Table" WHERE ("Odd Table"."Col" > 1)', 'SELECT "Col", "x.y" FROM "Odd Table" WHERE ("Col" > 1)'],
    ['SELECT s.id FROM (SELECT child.id FROM child UNION SELECT parent.id FROM parent) s', 'SELECT id FROM (SELECT child.id FROM child UNION SELECT parent.id FROM parent) s'],
    ['SELECT g.g FROM generate_series(1, 3) g(g)', 'SELECT g FROM generate_series(1, 3) g(g)'],
    ['WITH t AS (SELECT child.id FROM child) SELECT t.id FROM t', 'WITH t AS (SELECT child.id FROM child) SELECT id FROM t'],
    ['SELECT child.id FROM ONLY other.child FOR UPDATE OF child', 'SELECT id FROM ONLY other.child FOR UPDATE OF child'],
    // A schema named like the relation: only the column loses its qualifier, never the schema.
    ['SELECT audit.id, audit.f(audit.id) AS g, (audit.note)::audit.t AS n FROM audit.audit', 'SELECT id, audit.f(id) AS g, (note)::audit.t AS n FROM audit.audit'],
    ["SELECT (audit.note COLLATE audit.\"x\") AS n FROM audit.audit WHERE (audit.id OPERATOR(audit.+) 1)", "SELECT (note COLLATE audit.\"x\") AS n FROM audit.audit WHERE (id OPERATOR(audit.+) 1)"],
    // ORDER BY keeps the qualifier where an output column of that name would capture it.
    ['SELECT child.note AS id, child.id AS note FROM child ORDER BY child.id, child.flag', 'SELECT note AS id, id AS note FROM child ORDER BY child.id, flag'],
    ['SELECT child.x FROM child TABLESAMPLE bernoulli ((10)::real)', 'SELECT x FROM child TABLESAMPLE bernoulli ((10)::real)'],
    // A set operation nested in parentheses is a subquery: its correlated reference stays.
    ['SELECT b.y FROM b WHERE (b.x IN ((SELECT a.x FROM a LIMIT 1) UNION SELECT b_1.x FROM b b_1 WHERE (b_1.y = b.y)))', 'SELECT y FROM b WHERE (x IN ((SELECT a.x FROM a LIMIT 1) UNION SELECT b_1.x FROM b b_1 WHERE (b_1.y = b.y)))'],
  ];

  it.each(pairs)('%s', (on15, on18) => {
    expect(withoutSingleRelationQualifiers(on15)).toBe(on18);
    expect(withoutSingleRelationQualifiers(on18)).toBe(on18);
  });

  it('keeps the qualifiers of a query that reads several relations or none, or combines queries', () => {
    for (const text of [
      'SELECT c.id, p.name FROM (child c JOIN parent p ON ((p.id = c.parent_id)))',
      'SELECT c.id, p.name FROM child c, parent p',
      'SELECT child.id, child.note FROM child UNION ALL SELECT parent.id, parent.name FROM parent',
      'SELECT child.id FROM child UNION SELECT 1',
      "SELECT 1 AS one, 'a.b'::text AS t",
    ]) {
      expect(withoutSingleRelationQualifiers(text)).toBe(text);
    }
  });
});

describe('dollarQuote', () => {
  it('picks a tag the body neither holds nor ends in the start of', () => {
    expect(dollarQuote('SELECT 1')).toBe('$aiforce$SELECT 1$aiforce$');
    expect(dollarQuote('a $aiforce$ b')).toBe('$aiforce1$a $aiforce$ b$aiforce1$');
    expect(dollarQuote('ends in $aiforce')).toBe('$aiforce1$ends in $aiforce$aiforce1$');
  });
});
