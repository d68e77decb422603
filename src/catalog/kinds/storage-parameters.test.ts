// Storage parameters: boolean values compared as PostgreSQL reads them, in lists and in an index's definition (pure).
import { describe, expect, it } from 'vitest';
import { comparedIndexDefinition, comparedParameter, sameParameters, storageParameterClauses } from './storage-parameters.js';

describe('storage parameters: compared by meaning', () => {
  it("reads a boolean parameter's value as parse_bool does: any case, a unique prefix, 1 or 0", () => {
    for (const spelling of ['true', 'TRUE', 't', 'tr', 'yes', 'y', 'on', 'ON', '1']) expect(comparedParameter(`security_invoker=${spelling}`)).toBe('security_invoker=true');
    for (const spelling of ['false', 'f', 'no', 'n', 'off', 'of', 'OFF', '0']) expect(comparedParameter(`toast.autovacuum_enabled=${spelling}`)).toBe('toast.autovacuum_enabled=false');
    // Not booleans PostgreSQL accepts (`o` could be on or off), and parameters that are not booleans, stay as written.
    for (const parameter of ['security_barrier=o', 'security_barrier=', 'security_barrier=truer', 'security_barrier=01', 'fillfactor=1', 'check_option=local', 'vacuum_index_cleanup=on']) {
      expect(comparedParameter(parameter)).toBe(parameter);
    }
  });

  it('compares sorted lists by meaning, and sets only what means something else', () => {
    expect(sameParameters(['autovacuum_enabled=true', 'fillfactor=70'], ['autovacuum_enabled=on', 'fillfactor=70'])).toBe(true);
    expect(sameParameters(['autovacuum_enabled=true'], ['autovacuum_enabled=off'])).toBe(false);
    expect(sameParameters(['fillfactor=70'], ['fillfactor=070'])).toBe(false);
    expect(sameParameters(['autovacuum_enabled=true'], ['autovacuum_enabled=1', 'fillfactor=70'])).toBe(false);
    expect(storageParameterClauses(['autovacuum_enabled=true', 'fillfactor=70'], ['autovacuum_enabled=1', 'fillfactor=50'])).toEqual(['SET (fillfactor=70)']);
  });

  it("reads an index definition's WITH list as compared, whatever its keys, INCLUDE and predicate hold", () => {
    expect(comparedIndexDefinition("(a) WITH (deduplicate_items='on', fillfactor='70')")).toBe('(a) WITH (deduplicate_items=true, fillfactor=70)');
    expect(comparedIndexDefinition('(a) WITH (deduplicate_items=true, fillfactor=70)')).toBe('(a) WITH (deduplicate_items=true, fillfactor=70)');
    expect(comparedIndexDefinition("(to_tsvector('simple'::regconfig, c)) WITH (fastupdate='1') WHERE (c <> ' WITH (fastupdate=off)'::text)")).toBe(
      "(to_tsvector('simple'::regconfig, c)) WITH (fastupdate=true) WHERE (c <> ' WITH (fastupdate=off)'::text)",
    );
    expect(comparedIndexDefinition('(a, "b)") INCLUDE (c) NULLS NOT DISTINCT WITH (autosummarize=tr)')).toBe('(a, "b)") INCLUDE (c) NULLS NOT DISTINCT WITH (autosummarize=true)');
    expect(comparedIndexDefinition("(a) WHERE (b = ' WITH (fastupdate=on)'::text)")).toBe("(a) WHERE (b = ' WITH (fastupdate=on)'::text)");
  });
});
