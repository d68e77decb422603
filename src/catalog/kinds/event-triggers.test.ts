// Event triggers: identity, CREATE EVENT TRIGGER (last in the fix) and DROP (first), a changed state altered in
// place and any other change made by dropping and creating again, and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, catalog, fixScript, NEWEST_SERVER, onlyFinding, producesEveryCode } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { eventTriggers, type EventTrigger } from './event-triggers.js';

const audit: EventTrigger = { name: 'audit_ddl', event: 'ddl_command_end', tags: ['ALTER TABLE', 'CREATE TABLE'], function: 'log_ddl', enabled: 'origin' };
const guard: EventTrigger = { name: 'no_drops', event: 'sql_drop', tags: [], function: 'refuse_drop', enabled: 'always' };
const withTriggers = (...list: EventTrigger[]) => catalog({ eventTriggers: list });

describe('event triggers', () => {
  it('is identified by its name', () => {
    expect(eventTriggers.ref(audit)).toEqual({ kind: 'event_trigger', name: 'audit_ddl' });
    expect(refPath('public', eventTriggers.ref(audit))).toBe('public.audit_ddl');
    expect(eventTriggers.describe(guard)).toBe('ON sql_drop EXECUTE FUNCTION refuse_drop(), always');
  });

  it('creates a missing one after every other statement of the fix, with its state, and drops a stray one before any', () => {
    const finding = onlyFinding(withTriggers(audit), withTriggers());
    expect(finding.fixSteps).toEqual([{ phase: PHASES.eventTriggers, sql: "CREATE EVENT TRIGGER audit_ddl ON ddl_command_end WHEN TAG IN ('ALTER TABLE', 'CREATE TABLE') EXECUTE FUNCTION log_ddl();" }]);
    expect(Object.values(PHASES).filter((phase) => phase > PHASES.eventTriggers)).toEqual([PHASES.data]);
    expect(fixScript(withTriggers(guard), withTriggers())).toEqual(['CREATE EVENT TRIGGER no_drops ON sql_drop EXECUTE FUNCTION refuse_drop();', 'ALTER EVENT TRIGGER no_drops ENABLE ALWAYS;']);
    // Created disabled: disabled at once, so it never fires.
    expect(fixScript(withTriggers({ ...guard, enabled: 'disabled' }), withTriggers())).toEqual(['CREATE EVENT TRIGGER no_drops ON sql_drop EXECUTE FUNCTION refuse_drop();', 'ALTER EVENT TRIGGER no_drops DISABLE;']);
    expect(onlyFinding(withTriggers(), withTriggers(guard))).toMatchObject({
      code: 'event_trigger.unexpected',
      severity: 'warning',
      fixSteps: [{ phase: PHASES.dropDependants, sql: 'DROP EVENT TRIGGER IF EXISTS no_drops;', order: Number.MIN_SAFE_INTEGER }],
    });
  });

  it('alters a changed state in place, and drops and creates again one with another event, tags or function', () => {
    expect(onlyFinding(withTriggers(guard), withTriggers({ ...guard, enabled: 'disabled' }))).toMatchObject({
      code: 'event_trigger.mismatch',
      message: 'event trigger no_drops is ON sql_drop EXECUTE FUNCTION refuse_drop(), disabled, expected ON sql_drop EXECUTE FUNCTION refuse_drop(), always',
      fix: 'ALTER EVENT TRIGGER no_drops ENABLE ALWAYS;',
    });
    expect(onlyFinding(withTriggers({ ...guard, enabled: 'disabled' }), withTriggers(guard)).fixSteps).toEqual([{ phase: PHASES.dropDependants, sql: 'ALTER EVENT TRIGGER no_drops DISABLE;', order: Number.MIN_SAFE_INTEGER }]);
    expect(fixScript(withTriggers(audit), withTriggers({ ...audit, tags: ['CREATE TABLE'] }))).toEqual([
      'DROP EVENT TRIGGER IF EXISTS audit_ddl;',
      "CREATE EVENT TRIGGER audit_ddl ON ddl_command_end WHEN TAG IN ('ALTER TABLE', 'CREATE TABLE') EXECUTE FUNCTION log_ddl();",
    ]);
  });

  it('assembles rows as the query returns them, tags sorted', () => {
    const rows = [
      ['audit_ddl', 'ddl_command_end', ['CREATE TABLE', 'ALTER TABLE'], 'log_ddl', 'O'],
      ['no_drops', 'sql_drop', null, 'refuse_drop', 'A'],
    ];
    expect(eventTriggers.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([audit, guard]);
  });

  producesEveryCode(eventTriggers, {
    missing: [withTriggers(audit), withTriggers()],
    unexpected: [withTriggers(), withTriggers(audit)],
    mismatch: [withTriggers(audit), withTriggers({ ...audit, event: 'ddl_command_start' })],
  });
});
