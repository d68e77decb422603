import { describe, expect, it } from 'vitest';
import { identifiersIn, rewriteIdentifiers } from './sql.js';

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
