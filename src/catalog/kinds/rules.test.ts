// Rules: identity and wording, missing, unexpected, the mismatch and its fixes, renamed tables and the catalog rows
// (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, NEWEST_SERVER, catalog, findingsOf, fixScript, onlyFinding, producesEveryCode, renameTable } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { rules, type Rule } from './rules.js';

const base = catalog();
const rule = (table: string, name: string, definition: string, extra: Partial<Rule> = {}): Rule => ({ table, name, onView: false, definition, enabled: 'origin', ...extra });
const keep = rule('users', 'keep_users', 'ON DELETE TO {table} DO INSTEAD NOTHING');
const withRules = (...list: Rule[]) => catalog({ rules: list });

describe('rules: identity and wording', () => {
  it('is identified by its table and name, and covered by its table or view', () => {
    expect(rules.ref(keep)).toEqual({ kind: 'rule', table: 'users', name: 'keep_users' });
    expect(refPath('public', rules.ref({ ...keep, name: 'Keep It' }))).toBe('public.users."Keep It"');
    expect(rules.parent!(keep)).toEqual({ kind: 'table', name: 'users' });
    expect(rules.parent!({ ...keep, onView: true })).toEqual({ kind: 'view', name: 'users' });
  });

  it('is called "rule <name> on <table>" and described by its definition and state', () => {
    expect(rules.noun(keep)).toBe('rule keep_users on users');
    expect(rules.describe(keep)).toBe('ON DELETE TO users DO INSTEAD NOTHING');
    expect(rules.describe({ ...keep, enabled: 'disabled' })).toBe('ON DELETE TO users DO INSTEAD NOTHING (disabled)');
  });
});

describe('rules: missing and unexpected', () => {
  it('creates a missing rule on the qualified table, and sets its state after', () => {
    const finding = onlyFinding(withRules(keep), base);
    expect(finding).toMatchObject({ code: 'rule.missing', severity: 'error', path: 'public.users.keep_users', message: 'rule keep_users on users is missing from the database', actual: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dependants, sql: 'CREATE RULE keep_users AS ON DELETE TO public.users DO INSTEAD NOTHING;' }]);
    expect(onlyFinding(withRules({ ...keep, name: 'Keep', enabled: 'replica' }), base).fix).toBe(
      'CREATE RULE "Keep" AS ON DELETE TO public.users DO INSTEAD NOTHING;\nALTER TABLE public.users ENABLE REPLICA RULE "Keep";',
    );
  });

  it('drops an unexpected rule first', () => {
    const finding = onlyFinding(base, withRules(keep));
    expect(finding).toMatchObject({ code: 'rule.unexpected', severity: 'error', message: 'rule keep_users on users exists in the database but not in the schema', expected: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dropDependants, sql: 'DROP RULE IF EXISTS keep_users ON public.users;' }]);
  });
});

describe('rules: mismatch', () => {
  it('enables or disables a rule that differs only in when it applies', () => {
    const finding = onlyFinding(withRules(keep), withRules({ ...keep, enabled: 'disabled' }));
    expect(finding).toMatchObject({ code: 'rule.mismatch', message: 'rule keep_users on users is disabled, expected enabled (origin)' });
    expect(finding.fix).toBe('ALTER TABLE public.users ENABLE RULE keep_users;');
    expect(onlyFinding(withRules({ ...keep, enabled: 'always' }), withRules(keep)).fix).toBe('ALTER TABLE public.users ENABLE ALWAYS RULE keep_users;');
  });

  it('creates a rule with another definition again', () => {
    const also = { ...keep, definition: 'ON DELETE TO {table} WHERE (old.email IS NULL) DO INSTEAD NOTHING' };
    expect(onlyFinding(withRules(keep), withRules(also)).message).toBe(
      'rule keep_users on users is ON DELETE TO users WHERE (old.email IS NULL) DO INSTEAD NOTHING, expected ON DELETE TO users DO INSTEAD NOTHING',
    );
    expect(fixScript(withRules(keep), withRules(also))).toEqual(['DROP RULE IF EXISTS keep_users ON public.users;', 'CREATE RULE keep_users AS ON DELETE TO public.users DO INSTEAD NOTHING;']);
  });

  it('drops a rule that names a column whose type changes, and creates it again after, with its comment', () => {
    const logged = rule('users', 'log_mail', 'ON UPDATE TO {table} WHERE (new.email <> old.email) DO INSTEAD NOTHING');
    const note = { target: { kind: 'rule' as const, table: 'users', name: 'log_mail' }, text: 'kept' };
    const widened = (type: string) => catalog({ columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, type } : entry)), rules: [logged, keep], comments: [note] });
    expect(fixScript(widened('text'), widened('character varying(255)'))).toEqual([
      'DROP RULE IF EXISTS log_mail ON public.users;',
      'ALTER TABLE public.users ALTER COLUMN email TYPE text USING email::text;',
      'CREATE RULE log_mail AS ON UPDATE TO public.users WHERE (new.email <> old.email) DO INSTEAD NOTHING;',
      "COMMENT ON RULE log_mail ON public.users IS 'kept';",
    ]);
  });

  it('creates a rule with another definition again with its comment', () => {
    const note = { target: { kind: 'rule' as const, table: 'users', name: 'keep_users' }, text: 'kept' };
    const also = { ...keep, definition: 'ON DELETE TO {table} DO ALSO NOTHING' };
    expect(fixScript(catalog({ rules: [keep], comments: [note] }), catalog({ rules: [also], comments: [note] }))).toEqual([
      'DROP RULE IF EXISTS keep_users ON public.users;',
      'CREATE RULE keep_users AS ON DELETE TO public.users DO INSTEAD NOTHING;',
      "COMMENT ON RULE keep_users ON public.users IS 'kept';",
    ]);
  });

  it('compares the rules of a renamed table under its new name', () => {
    const renamed = renameTable(base, 'users', 'people', { rules: [{ ...keep, table: 'people' }] });
    expect(findingsOf(withRules(keep), renamed)).toEqual(['table.renamed public.users']);
  });
});

describe('rules: catalog rows', () => {
  it('assembles rows as the query returns them: white space collapsed, the table cut out, the semicolon dropped', () => {
    const rows = [
      ['T t', 'Log It', false, 'CREATE RULE "Log It" AS\n    ON UPDATE TO "Other Schema"."T t"\n   WHERE (new.name <> old.name) DO ( INSERT INTO log (id, what)\n  VALUES (new.id, \'a  b\'::text);\n);', 'CREATE RULE "Log It" AS ', '"Other Schema"."T t"', 'O'],
      ['v', 'v_ins', true, 'CREATE RULE v_ins AS\n    ON INSERT TO public.v DO INSTEAD  INSERT INTO tags (id)\n  VALUES (new.id);', 'CREATE RULE v_ins AS ', 'public.v', 'D'],
    ];
    expect(rules.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      rule('T t', 'Log It', "ON UPDATE TO {table} WHERE (new.name <> old.name) DO (INSERT INTO log (id, what) VALUES (new.id, 'a  b'::text);)"),
      rule('v', 'v_ins', 'ON INSERT TO {table} DO INSTEAD INSERT INTO tags (id) VALUES (new.id)', { onView: true, enabled: 'disabled' }),
    ]);
  });
});

describe('rules: codes', () => {
  producesEveryCode(rules, {
    missing: [withRules(keep), base],
    unexpected: [base, withRules(keep)],
    mismatch: [withRules(keep), withRules({ ...keep, enabled: 'disabled' })],
  });
});
