// Triggers: identity, wording, the mismatch and its fixes, create/drop SQL, renamed tables and the catalog rows
// (no database).
import { describe, expect, it } from 'vitest';
import { catalog, findingsOf, fixScript, onlyFinding, producesEveryCode, table, trigger, attributesOf, NEWEST_SERVER, renameTable } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { triggers, type Trigger } from './triggers.js';

const base = catalog();
const touch = trigger('users', 'touch_users', 'BEFORE UPDATE ON {table} FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch()');
const withTriggers = (...list: Trigger[]) => catalog({ triggers: list });

describe('triggers: identity and wording', () => {
  it('is identified by its table and name, and covered by its table', () => {
    expect(triggers.ref(touch)).toEqual({ kind: 'trigger', table: 'users', name: 'touch_users' });
    expect(refPath('public', triggers.ref(touch))).toBe('public.users.touch_users');
    expect(refPath('public', triggers.ref({ ...touch, table: 'Odd Table', name: 'Trg' }))).toBe('public."Odd Table".Trg');
    expect(triggers.parent!(touch)).toEqual({ kind: 'table', name: 'users' });
  });

  it('is called "trigger <name> on <table>" and described by its definition and state', () => {
    expect(triggers.noun(touch)).toBe('trigger touch_users on users');
    expect(triggers.describe(touch)).toBe('BEFORE UPDATE ON users FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch()');
    expect(triggers.describe({ ...touch, enabled: 'replica' })).toBe('BEFORE UPDATE ON users FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch() (replica)');
  });
});

describe('triggers: missing and unexpected', () => {
  it('creates a missing trigger on the qualified table, and sets its state after', () => {
    const finding = onlyFinding(withTriggers(touch), base);
    expect(finding).toMatchObject({ code: 'trigger.missing', path: 'public.users.touch_users', message: 'trigger touch_users on users is missing from the database', expected: triggers.describe(touch), actual: null });
    expect(finding.fixSteps).toEqual([
      { phase: PHASES.dependants, sql: 'CREATE TRIGGER touch_users BEFORE UPDATE ON public.users FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch();' },
    ]);
    const disabled = { ...touch, name: 'Touch', enabled: 'disabled' as const };
    expect(onlyFinding(withTriggers(disabled), base).fix).toBe(
      'CREATE TRIGGER "Touch" BEFORE UPDATE ON public.users FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch();\nALTER TABLE public.users DISABLE TRIGGER "Touch";',
    );
  });

  it('creates a constraint trigger, and a trigger on a table whose name needs quoting', () => {
    const deferred = trigger('users', 'check_later', 'AFTER INSERT ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION touch()', { constraint: true, enabled: 'always' });
    expect(onlyFinding(withTriggers(deferred), base).fix).toBe(
      'CREATE CONSTRAINT TRIGGER check_later AFTER INSERT ON public.users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION touch();\nALTER TABLE public.users ENABLE ALWAYS TRIGGER check_later;',
    );
    const odd = catalog({ tables: [...base.tables, table('Odd Table')] });
    expect(onlyFinding({ ...odd, triggers: [{ ...touch, table: 'Odd Table' }] }, odd).fix).toBe(
      'CREATE TRIGGER touch_users BEFORE UPDATE ON public."Odd Table" FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch();',
    );
  });

  it('drops an unexpected trigger first', () => {
    const finding = onlyFinding(base, withTriggers(touch));
    expect(finding).toMatchObject({ code: 'trigger.unexpected', severity: 'error', message: 'trigger touch_users on users exists in the database but not in the schema', expected: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dropDependants, sql: 'DROP TRIGGER IF EXISTS touch_users ON public.users;' }]);
  });
});

describe('triggers: mismatch', () => {
  it('enables or disables a trigger that differs only in when it fires', () => {
    const finding = onlyFinding(withTriggers(touch), withTriggers({ ...touch, enabled: 'disabled' }));
    expect(finding).toMatchObject({ code: 'trigger.mismatch', message: 'trigger touch_users on users is disabled, expected enabled (origin)' });
    expect(finding.fix).toBe('ALTER TABLE public.users ENABLE TRIGGER touch_users;');
    expect(onlyFinding(withTriggers({ ...touch, enabled: 'replica' }), withTriggers(touch)).fix).toBe('ALTER TABLE public.users ENABLE REPLICA TRIGGER touch_users;');
  });

  it('creates a trigger with another definition again', () => {
    const changed = { ...touch, definition: 'AFTER UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION touch()' };
    const finding = onlyFinding(withTriggers(touch), withTriggers(changed));
    expect(finding.message).toBe(
      'trigger touch_users on users is AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch(), expected BEFORE UPDATE ON users FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch()',
    );
    expect(fixScript(withTriggers(touch), withTriggers(changed))).toEqual([
      'DROP TRIGGER IF EXISTS touch_users ON public.users;',
      'CREATE TRIGGER touch_users BEFORE UPDATE ON public.users FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch();',
    ]);
    expect(findingsOf(withTriggers(touch), withTriggers({ ...touch, constraint: true }))).toEqual(['trigger.mismatch public.users.touch_users']);
  });

  it('compares the columns of UPDATE OF as a set (it fires when any of them is updated), and creates it as the schema writes it', () => {
    const on = (columns: string) => ({ ...touch, definition: `BEFORE INSERT OR UPDATE OF ${columns} OR TRUNCATE ON {table} FOR EACH ROW EXECUTE FUNCTION touch()` });
    expect(findingsOf(withTriggers(on('email, "Odd, Name", name')), withTriggers(on('name, email, "Odd, Name"')))).toEqual([]);
    expect(findingsOf(withTriggers(on('email, name')), withTriggers(on('name, phone')))).toEqual(['trigger.mismatch public.users.touch_users']);
    expect(findingsOf(withTriggers(on('email, name')), withTriggers(on('email')))).toEqual(['trigger.mismatch public.users.touch_users']);
    expect(fixScript(withTriggers(on('email, name')), withTriggers({ ...on('name, email'), enabled: 'disabled' }))).toEqual(['ALTER TABLE public.users ENABLE TRIGGER touch_users;']);
    expect(fixScript(withTriggers(on('name, email')), withTriggers(on('email')))).toEqual([
      'DROP TRIGGER IF EXISTS touch_users ON public.users;',
      'CREATE TRIGGER touch_users BEFORE INSERT OR UPDATE OF name, email OR TRUNCATE ON public.users FOR EACH ROW EXECUTE FUNCTION touch();',
    ]);
  });

  it('compares the triggers of a renamed table, and over a renamed column, under the new names', () => {
    const renamed = renameTable(base, 'users', 'people', { triggers: [{ ...touch, table: 'people' }] });
    expect(findingsOf(withTriggers(touch), renamed)).toEqual(['table.renamed public.users']);
    const onEmail = { ...touch, definition: 'BEFORE UPDATE OF email ON {table} FOR EACH ROW EXECUTE FUNCTION touch()' };
    const mail = catalog({
      columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, name: 'mail' } : entry)),
      indexes: base.indexes.map((entry) => ({ ...entry, definition: '(mail)', columns: ['mail'] })),
      triggers: [{ ...onEmail, definition: 'BEFORE UPDATE OF mail ON {table} FOR EACH ROW EXECUTE FUNCTION touch()' }],
    });
    expect(findingsOf(withTriggers(onEmail), mail)).toEqual(['column.renamed public.users.email']);
  });
});

describe('triggers: catalog rows', () => {
  it('assembles rows as the query returns them, the table cut out of the definition', () => {
    const rows = [
      ['T t', 'Trg', 'CREATE TRIGGER "Trg" AFTER INSERT ON "Other Schema"."T t" FOR EACH STATEMENT EXECUTE FUNCTION touch()', 'CREATE TRIGGER "Trg" ', '"Other Schema"."T t"', false, 'O'],
      ['users', 'ct', 'CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON public.users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION touch()', 'CREATE CONSTRAINT TRIGGER ct ', 'public.users', true, 'A'],
      ['users', 'touch_users', 'CREATE TRIGGER touch_users BEFORE UPDATE ON public.users FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION touch()', 'CREATE TRIGGER touch_users ', 'public.users', false, 'D'],
      ['users', 'r', 'CREATE TRIGGER r AFTER DELETE ON public.users FOR EACH ROW EXECUTE FUNCTION touch()', 'CREATE TRIGGER r ', 'public.users', false, 'R'],
    ];
    expect(triggers.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      trigger('T t', 'Trg', 'AFTER INSERT ON {table} FOR EACH STATEMENT EXECUTE FUNCTION touch()'),
      trigger('users', 'ct', 'AFTER INSERT ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION touch()', { constraint: true, enabled: 'always' }),
      { ...touch, enabled: 'disabled' },
      trigger('users', 'r', 'AFTER DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION touch()', { enabled: 'replica' }),
    ]);
  });
});

describe('triggers: codes', () => {
  producesEveryCode(triggers, {
    missing: [withTriggers(touch), base],
    unexpected: [base, withTriggers(touch)],
    mismatch: [withTriggers(touch), withTriggers({ ...touch, enabled: 'disabled' })],
  });
});
