// Domains: identity, wording, the mismatch and its fixes, create/drop SQL and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalogAsCreated, domain, findingsOf, onlyFinding, producesEveryCode, routine, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { domains, type Domain } from './domains.js';

const email = domain('email', 'text', { collation: 'C', default: "'x@y'::text", notNull: true, checks: [{ name: 'email_check', definition: "CHECK ((VALUE ~~ '%@%'::text))", validated: true }] });
const withDomains = (...list: Domain[]) => catalogAsCreated({ domains: list });
const withEmail = (patch: Partial<Domain>) => withDomains({ ...email, ...patch });

describe('domains: identity and wording', () => {
  it('is identified by its name and stands alone', () => {
    expect(domains.ref(email)).toEqual({ kind: 'domain', name: 'email' });
    expect(refPath('public', domains.ref(domain('Odd Domain', 'text')))).toBe('public."Odd Domain"');
    expect(domains.parent).toBeUndefined();
  });

  it('is called "domain <name>" and described as CREATE DOMAIN writes it', () => {
    expect(domains.noun(email)).toBe('domain email');
    expect(domains.describe(email)).toBe("text COLLATE C DEFAULT 'x@y'::text NOT NULL CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text))");
    expect(domains.describe(domain('percent', 'numeric(5,2)', { checks: [{ name: 'in_range', definition: 'CHECK ((VALUE <= (100)::numeric))', validated: false }] }))).toBe(
      'numeric(5,2) CONSTRAINT in_range CHECK ((VALUE <= (100)::numeric)) NOT VALID',
    );
  });
});

describe('domains: missing and unexpected', () => {
  it('creates a missing domain, quoting its collation and odd names', () => {
    const finding = onlyFinding(withDomains(email), catalogAsCreated());
    expect(finding).toMatchObject({ code: 'domain.missing', path: 'public.email', message: 'domain email is missing from the database', expected: domains.describe(email), actual: null });
    expect(finding.fix).toBe('CREATE DOMAIN public.email AS text COLLATE "C" DEFAULT \'x@y\'::text NOT NULL CONSTRAINT email_check CHECK ((VALUE ~~ \'%@%\'::text));');
    const odd = domain('Odd Domain', 'integer', { checks: [{ name: 'Positive', definition: 'CHECK ((VALUE > 0))', validated: true }] });
    expect(onlyFinding(withDomains(odd), catalogAsCreated()).fix).toBe('CREATE DOMAIN public."Odd Domain" AS integer CONSTRAINT "Positive" CHECK ((VALUE > 0));');
  });

  it('adds a check the schema leaves NOT VALID after creating the domain (CREATE DOMAIN takes no NOT VALID)', () => {
    const loose = { ...email, checks: [...email.checks, { name: 'short', definition: 'CHECK ((length(VALUE) < 100))', validated: false }] };
    expect(onlyFinding(withDomains(loose), catalogAsCreated()).fix).toBe(
      [
        'CREATE DOMAIN public.email AS text COLLATE "C" DEFAULT \'x@y\'::text NOT NULL CONSTRAINT email_check CHECK ((VALUE ~~ \'%@%\'::text));',
        'ALTER DOMAIN public.email ADD CONSTRAINT short CHECK ((length(VALUE) < 100)) NOT VALID;',
      ].join('\n'),
    );
  });

  it('sets a DEFAULT or CHECK that calls a function or takes a sequence value after the functions, which may take the domain', () => {
    const positive = routine('positive', { argumentTypes: 'posint', arguments: 'v posint' });
    const posint = domain('posint', 'integer', { default: "nextval('ids'::regclass)", checks: [{ name: 'posint_check', definition: 'CHECK ((VALUE > floor_of()))', validated: true }] });
    const steps = onlyFinding(catalogAsCreated({ domains: [posint], functions: [positive, routine('floor_of')] }), catalogAsCreated({ functions: [positive, routine('floor_of')] })).fixSteps!;
    expect(steps).toEqual([
      { phase: PHASES.types, sql: 'CREATE DOMAIN public.posint AS integer;' },
      { phase: PHASES.domainRules, sql: "ALTER DOMAIN public.posint SET DEFAULT nextval('ids'::regclass);" },
      { phase: PHASES.domainRules, sql: 'ALTER DOMAIN public.posint ADD CONSTRAINT posint_check CHECK ((VALUE > floor_of()));' },
    ]);
    expect(PHASES.types < PHASES.functions && PHASES.functions < PHASES.domainRules && PHASES.domainRules < PHASES.tables).toBe(true);
    // Changed to call one: set there too, while what is removed goes first.
    const changed = onlyFinding(withDomains(posint), withDomains({ ...posint, default: null, checks: [{ name: 'posint_check', definition: 'CHECK ((VALUE > 0))', validated: true }] })).fixSteps!;
    expect(changed.map(({ phase, sql }) => [phase, sql.split(' ').slice(3, 5).join(' ')])).toEqual([
      [PHASES.domainRules, 'SET DEFAULT'],
      [PHASES.types, 'DROP CONSTRAINT'],
      [PHASES.domainRules, 'ADD CONSTRAINT'],
    ]);
  });

  it('drops an unexpected domain last', () => {
    const finding = onlyFinding(catalogAsCreated(), withDomains(email));
    expect(finding).toMatchObject({ code: 'domain.unexpected', severity: 'warning', message: 'domain email exists in the database but not in the schema', expected: null });
    expect(finding.fix).toBe('DROP DOMAIN public.email;');
  });
});

describe('domains: mismatch', () => {
  it('sets or drops a default and NOT NULL', () => {
    const finding = onlyFinding(withDomains(email), withEmail({ default: null, notNull: false }));
    expect(finding).toMatchObject({
      code: 'domain.mismatch',
      message: "domain email is NULL without DEFAULT, expected NOT NULL DEFAULT 'x@y'::text",
      expected: "text COLLATE C DEFAULT 'x@y'::text NOT NULL CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text))",
      actual: "text COLLATE C CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text))",
    });
    expect(finding.fix).toBe("ALTER DOMAIN public.email SET DEFAULT 'x@y'::text;\nALTER DOMAIN public.email SET NOT NULL;");
    expect(onlyFinding(withEmail({ default: null, notNull: false }), withDomains(email)).fix).toBe('ALTER DOMAIN public.email DROP DEFAULT;\nALTER DOMAIN public.email DROP NOT NULL;');
  });

  it('finds nothing between defaults the equivalence says are the same', () => {
    const sameDefault = (type: string, a: string, b: string) => type === 'text' && [a, b].sort().join() === "'x@y'::character varying,'x@y'::text";
    expect(findingsOf(withDomains(email), withEmail({ default: "'x@y'::character varying" }), { sameDefault })).toEqual([]);
    expect(findingsOf(withDomains(email), withEmail({ default: "'y@x'::character varying" }), { sameDefault })).toEqual(['domain.mismatch public.email']);
    expect(onlyFinding(withDomains(email), withEmail({ default: "'x@y'::character varying", notNull: false }), { sameDefault }).message).toBe('domain email is NULL, expected NOT NULL');
  });

  it('drops and adds checks that differ, validates one that is only NOT VALID', () => {
    const checks = (...list: Domain['checks']) => withEmail({ checks: list });
    const at = { name: 'email_check', definition: "CHECK ((VALUE ~~ '%@%'::text))", validated: true };
    const short = { name: 'short', definition: 'CHECK ((length(VALUE) < 100))', validated: true };
    expect(onlyFinding(checks(at, short), checks({ ...at, definition: 'CHECK ((VALUE <> \'\'::text))' }, { name: 'Extra', definition: 'CHECK (true)', validated: true })).fix).toBe(
      [
        'ALTER DOMAIN public.email DROP CONSTRAINT email_check;',
        'ALTER DOMAIN public.email DROP CONSTRAINT "Extra";',
        "ALTER DOMAIN public.email ADD CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text));",
        'ALTER DOMAIN public.email ADD CONSTRAINT short CHECK ((length(VALUE) < 100));',
      ].join('\n'),
    );
    expect(onlyFinding(checks(at, short), checks({ ...at, definition: "CHECK ((VALUE <> ''::text))" }, { name: 'Extra', definition: 'CHECK (true)', validated: true })).message).toBe(
      "domain email is CONSTRAINT email_check CHECK ((VALUE <> ''::text)) without CONSTRAINT short CONSTRAINT Extra CHECK (true), expected CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text)) CONSTRAINT short CHECK ((length(VALUE) < 100)) without CONSTRAINT Extra",
    );
    expect(onlyFinding(checks(at), checks({ ...at, validated: false })).message).toBe(
      "domain email is CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text)) NOT VALID, expected CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text))",
    );
    expect(onlyFinding(checks(at), checks({ ...at, validated: false })).fix).toBe('ALTER DOMAIN public.email VALIDATE CONSTRAINT email_check;');
    expect(onlyFinding(checks({ ...at, validated: false }), checks(at)).fix).toBe(
      "ALTER DOMAIN public.email DROP CONSTRAINT email_check;\nALTER DOMAIN public.email ADD CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text)) NOT VALID;",
    );
  });

  it('says that a base type or collation cannot be changed in place', () => {
    const finding = onlyFinding(withDomains(email), withEmail({ type: 'character varying(100)' }));
    expect(finding.message).toBe('domain email is character varying(100), expected text');
    expect(finding.fix).toBe("-- no safe automatic fix: PostgreSQL cannot change a domain's base type or collation: create email anew and convert its columns");
    const collation = onlyFinding(withDomains(email), withEmail({ collation: null }));
    expect(collation.message).toBe('domain email is COLLATE default, expected COLLATE C');
    expect(collation.fixSteps).toEqual([]);
  });
});

describe('domains: catalog rows', () => {
  it('assembles rows as the query returns them: default precisions and check flags taken out', () => {
    const rows = [
      ['email', 'text', 'C', "'x@y'::text", true, [['email_check', "CHECK ((VALUE ~~ '%@%'::text))", true]]],
      ['stamp', 'timestamp(6) with time zone', null, null, false, [['recent', "CHECK ((VALUE > '2020-01-01 00:00:00+00'::timestamp with time zone)) NOT VALID", false]]],
    ];
    expect(domains.read.assemble(rows, attributesOf(), NEWEST_SERVER)).toEqual([
      email,
      domain('stamp', 'timestamp with time zone', { checks: [{ name: 'recent', definition: "CHECK ((VALUE > '2020-01-01 00:00:00+00'::timestamp with time zone))", validated: false }] }),
    ]);
  });
});

describe('domains: codes', () => {
  producesEveryCode(domains, {
    missing: [withDomains(email), catalogAsCreated()],
    unexpected: [catalogAsCreated(), withDomains(email)],
    mismatch: [withDomains(email), withEmail({ notNull: false })],
  });
});
