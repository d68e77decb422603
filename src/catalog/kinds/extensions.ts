/** Extensions installed in the checked schema (their functions and types belong to them, not to the schema). */
import * as z from 'zod';
import type { CatalogKind } from '../kind.js';
import { PHASES, step, type Difference } from '../model.js';

const extensionObject = z.lazy(() => z.object({ name: z.string(), version: z.string() }));
export type Extension = z.infer<typeof extensionObject>;

export const extensions: CatalogKind<Extension> = {
  kind: 'extension',
  object: extensionObject,
  read: {
    sql: `SELECT coalesce(json_agg(json_build_array(e.extname, e.extversion)), '[]')::text AS data FROM pg_extension e WHERE e.extnamespace = $SCHEMA`,
    present: `EXISTS (SELECT FROM pg_extension e WHERE e.extnamespace = $SCHEMA)`,
    catalogs: ['pg_extension'],
    assemble: (rows) => rows.map(([name, version]) => ({ name: name as string, version: version as string })),
  },
  ref: (extension) => ({ kind: 'extension', name: extension.name }),
  noun: (extension) => `extension ${extension.name}`,
  describe: (extension) => `version ${extension.version}`,
  codes: {
    missing: { severity: 'error', summary: 'An extension the schema uses is not installed in it' },
    unexpected: { severity: 'warning', summary: 'An extension is installed in the schema that the schema does not use' },
    version_mismatch: { severity: 'warning', summary: 'An extension is installed at another version' },
  },
  create: (extension, { names }) => [step(PHASES.extensions, `CREATE EXTENSION IF NOT EXISTS ${names.ident(extension.name)} WITH SCHEMA ${names.ident(names.schema)} VERSION ${names.literal(extension.version)};`)],
  drop: (extension, { names }) => [step(PHASES.dropUnused, `DROP EXTENSION ${names.ident(extension.name)};`, 1)],
  differences(expected, actual, { names }): Difference[] {
    if (expected.version === actual.version) return [];
    return [{
      code: 'version_mismatch',
      message: `extension ${expected.name} is at version ${actual.version}, expected ${expected.version}`,
      expected: expected.version,
      actual: actual.version,
      fix: [step(PHASES.extensions, `ALTER EXTENSION ${names.ident(expected.name)} UPDATE TO ${names.literal(expected.version)};`)],
    }];
  },
};
