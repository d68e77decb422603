// Extended statistics: identity, wording, the mismatch and its fixes, renames, create/drop SQL and the catalog rows
// (no database).
import { describe, expect, it } from 'vitest';
import { attributesOf, NEWEST_SERVER, catalog, findingsOf, onlyFinding, producesEveryCode, table } from '../../../test/support/catalog.js';
import { refPath } from '../model.js';
import { statistics, type Statistics } from './statistics.js';

const emailTeam = (overrides: Partial<Statistics> = {}): Statistics => ({ table: 'users', name: 'users_email_team', columns: 'email, team_id', kinds: ['ndistinct', 'dependencies', 'mcv'], target: null, ...overrides });
const withStatistics = (...list: Statistics[]) => catalog({ statistics: list });

describe('statistics: identity and wording', () => {
  it('is identified by its table and name, and belongs to its table', () => {
    expect(statistics.ref(emailTeam())).toEqual({ kind: 'statistics', table: 'users', name: 'users_email_team' });
    expect(refPath('public', statistics.ref(emailTeam()))).toBe('public.users.users_email_team');
    expect(statistics.parent!(emailTeam())).toEqual({ kind: 'table', name: 'users' });
  });

  it('is described as CREATE STATISTICS writes it, the kinds only when not all of them', () => {
    expect(statistics.noun(emailTeam())).toBe('statistics users_email_team on users');
    expect(statistics.describe(emailTeam())).toBe('ON email, team_id FROM users');
    expect(statistics.describe(emailTeam({ kinds: ['dependencies'], target: 500 }))).toBe('(dependencies) ON email, team_id FROM users, target 500');
  });
});

describe('statistics: missing and unexpected', () => {
  it('creates missing statistics with their target, quoting odd names', () => {
    const finding = onlyFinding(withStatistics(emailTeam({ name: 'Email Team', kinds: ['ndistinct', 'mcv'], target: 200 })), catalog());
    expect(finding).toMatchObject({ code: 'statistics.missing', severity: 'warning', path: 'public.users."Email Team"', actual: null });
    expect(finding.fix).toBe('CREATE STATISTICS public."Email Team" (ndistinct, mcv) ON email, team_id FROM public.users;\nALTER STATISTICS public."Email Team" SET STATISTICS 200;');
  });

  it('drops unexpected statistics', () => {
    expect(onlyFinding(catalog(), withStatistics(emailTeam())).fix).toBe('DROP STATISTICS IF EXISTS public.users_email_team;');
  });

  it('comes and goes with its table', () => {
    const extra = catalog({ tables: [...catalog().tables, table('extra')], statistics: [emailTeam({ table: 'extra' })] });
    expect(findingsOf(extra, catalog())).toEqual(['table.missing public.extra']);
    expect(findingsOf(catalog(), extra)).toEqual(['table.unexpected public.extra']);
  });
});

describe('statistics: mismatch', () => {
  it('sets only the target when that is all that differs, back to the default too', () => {
    expect(onlyFinding(withStatistics(emailTeam({ target: 1000 })), withStatistics(emailTeam())).fix).toBe('ALTER STATISTICS public.users_email_team SET STATISTICS 1000;');
    expect(onlyFinding(withStatistics(emailTeam()), withStatistics(emailTeam({ target: 1000 }))).fix).toBe('ALTER STATISTICS public.users_email_team SET STATISTICS -1;');
  });

  it('drops and creates statistics that cover or gather something else', () => {
    const finding = onlyFinding(withStatistics(emailTeam()), withStatistics(emailTeam({ columns: 'email, id', kinds: ['mcv'] })));
    expect(finding).toMatchObject({ message: 'statistics users_email_team on users is (mcv) ON email, id FROM users, expected ON email, team_id FROM users' });
    expect(finding.fix).toBe('DROP STATISTICS IF EXISTS public.users_email_team;\nCREATE STATISTICS public.users_email_team ON email, team_id FROM public.users;');
  });

  it('renames statistics of the same shape', () => {
    const finding = onlyFinding(withStatistics(emailTeam()), withStatistics(emailTeam({ name: 'old_name' })));
    expect(finding).toMatchObject({ code: 'statistics.renamed' });
    expect(finding.fix).toBe('ALTER STATISTICS public.old_name RENAME TO users_email_team;');
  });

  it('renames statistics whose target differs too, then sets the target', () => {
    expect(findingsOf(withStatistics(emailTeam({ target: 100 })), withStatistics(emailTeam({ name: 'old_name' })))).toEqual([
      'statistics.mismatch public.users.users_email_team',
      'statistics.renamed public.users.users_email_team',
    ]);
  });

  it('finds nothing between the same statistics', () => {
    expect(findingsOf(withStatistics(emailTeam()), withStatistics(emailTeam()))).toEqual([]);
  });
});

describe('statistics: catalog rows', () => {
  it('assembles rows as the query returns them: kinds in CREATE STATISTICS order, expression statistics as such', () => {
    const rows = [
      ['users', 'users_email_team', 'email, team_id', ['m', 'd', 'f'], null],
      ['users', 'users_lower_email', 'lower((email)::text)', ['e'], 300],
    ];
    const expression = emailTeam({ name: 'users_lower_email', columns: 'lower((email)::text)', kinds: [], target: 300 });
    expect(statistics.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([emailTeam(), expression]);
    expect(statistics.describe(expression)).toBe('ON lower((email)::text) FROM users, target 300');
  });
});

describe('statistics: codes', () => {
  producesEveryCode(statistics, {
    missing: [withStatistics(emailTeam()), catalog()],
    unexpected: [catalog(), withStatistics(emailTeam())],
    renamed: [withStatistics(emailTeam()), withStatistics(emailTeam({ name: 'old_name' }))],
    mismatch: [withStatistics(emailTeam()), withStatistics(emailTeam({ target: 10 }))],
  });
});
