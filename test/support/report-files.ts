/** Readers for the machine reports db:check writes (SARIF, JUnit), shared by the tests that check them. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { projectRoot } from './template.js';

// The official OASIS SARIF 2.1.0 schema, vendored from the npm tarball of @datadog/datadog-ci@2.48.0
// (dist/commands/sarif/json-schema/sarif-schema-2.1.0.json); no package ships it on its own.
const SARIF_SCHEMA = path.join(projectRoot, 'test', 'fixtures', 'sarif-schema-2.1.0.json');
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** A validator for the SARIF 2.1.0 schema (its `errors` tell what failed). */
export async function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(await readFile(SARIF_SCHEMA, 'utf8')) as object);
}

export interface JunitReport {
  testsuites: {
    tests: string;
    failures: string;
    skipped: string;
    testsuite: { testcase: Array<{ name: string; failure?: { message: string; type: string; '#text': string }; skipped?: { message: string }; 'system-out'?: string }> };
  };
}

/** Parses a JUnit report; throws when it is not well-formed XML. */
export function parseJunit(xml: string): JunitReport {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml) as JunitReport;
}
