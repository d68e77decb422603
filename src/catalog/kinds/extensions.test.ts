// Extensions: identity, wording, the version mismatch and its fix, create/drop SQL and the catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, findingsOf, onlyFinding, producesEveryCode, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { PHASES, refPath } from '../model.js';
import { extensions, type Extension } from './extensions.js';

const pgcrypto: Extension = { name: 'pgcrypto', version: '1.3' };
const uuid: Extension = { name: 'uuid-ossp', version: '1.1' };
const withExtensions = (...list: Extension[]) => catalog({ extensions: list });

describe('extensions: identity and wording', () => {
  it('is identified by its name and stands alone', () => {
    expect(extensions.ref(pgcrypto)).toEqual({ kind: 'extension', name: 'pgcrypto' });
    expect(refPath('public', extensions.ref(uuid))).toBe('public.uuid-ossp');
    expect(extensions.parent).toBeUndefined();
  });

  it('is called "extension <name>" and described by its version', () => {
    expect(extensions.noun(uuid)).toBe('extension uuid-ossp');
    expect(extensions.describe(uuid)).toBe('version 1.1');
  });
});

describe('extensions: missing and unexpected', () => {
  it('installs a missing extension in the schema at its version, first', () => {
    const finding = onlyFinding(withExtensions(uuid), catalog());
    expect(finding).toMatchObject({ code: 'extension.missing', path: 'public.uuid-ossp', message: 'extension uuid-ossp is missing from the database', expected: 'version 1.1', actual: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.extensions, sql: 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public VERSION \'1.1\';' }]);
    expect(onlyFinding(withExtensions(pgcrypto), catalog(), { schema: 'Tenant' }).fix).toBe('CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA "Tenant" VERSION \'1.3\';');
  });

  it('drops an unexpected extension after everything else', () => {
    const finding = onlyFinding(catalog(), withExtensions(pgcrypto));
    expect(finding).toMatchObject({ code: 'extension.unexpected', severity: 'warning', message: 'extension pgcrypto exists in the database but not in the schema', expected: null, actual: 'version 1.3' });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.dropUnused, sql: 'DROP EXTENSION pgcrypto;', order: 1 }]);
  });
});

describe('extensions: version', () => {
  it('updates an extension to the expected version', () => {
    const finding = onlyFinding(withExtensions(uuid), withExtensions({ ...uuid, version: '1.0' }));
    expect(finding).toMatchObject({ code: 'extension.version_mismatch', severity: 'warning', message: 'extension uuid-ossp is at version 1.0, expected 1.1', expected: '1.1', actual: '1.0' });
    expect(finding.fix).toBe('ALTER EXTENSION "uuid-ossp" UPDATE TO \'1.1\';');
  });

  it('finds nothing between the same extensions at the same versions', () => {
    expect(findingsOf(withExtensions(pgcrypto, uuid), withExtensions({ ...uuid }, { ...pgcrypto }))).toEqual([]);
  });
});

describe('extensions: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    expect(extensions.read.assemble([['pgcrypto', '1.3'], ['uuid-ossp', '1.1']], attributesOf(), NEWEST_SERVER)).toEqual([pgcrypto, uuid]);
  });
});

describe('extensions: codes', () => {
  producesEveryCode(extensions, {
    missing: [withExtensions(pgcrypto), catalog()],
    unexpected: [catalog(), withExtensions(pgcrypto)],
    version_mismatch: [withExtensions(pgcrypto), withExtensions({ ...pgcrypto, version: '1.2' })],
  });
});
