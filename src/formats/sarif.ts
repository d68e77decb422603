import { describeAcceptance, type BaselinedFinding } from '../baseline/index.js';
import type { CheckResult } from '../check/result.js';
import { codeInfo, FINDING_CODES, type Finding, type FindingCode } from '../findings/finding.js';
import { jsonDocument, sarifText } from './escape.js';

const CODES = Object.keys(FINDING_CODES) as FindingCode[];
const RULE_INDEX = new Map(CODES.map((code, index) => [code, index]));

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning. One rule per finding code; each result points at
 * its line in schema.prisma (or its migration.sql), else at line 1 of schema.prisma. Baselined findings
 * are results with an external suppression, so code scanning shows them as dismissed, not gone (kind and
 * justification only: published 2.1.0 schemas disagree on the name of the status field, `state` or `status`).
 */
export function renderSarif(result: CheckResult): string {
  const toResult = (finding: Finding) => {
    const location = finding.location ?? { file: result.schemaFile, line: 1 };
    return {
      ruleId: finding.code,
      ruleIndex: RULE_INDEX.get(finding.code),
      level: finding.severity,
      message: { text: sarifText(finding.message) },
      locations: [{ physicalLocation: { artifactLocation: { uri: location.file, uriBaseId: '%SRCROOT%' }, region: { startLine: location.line } } }],
      // The object, not the line, identifies a finding: code scanning keeps tracking it when lines move.
      partialFingerprints: { 'aiforceDbFinding/v1': `${finding.code}:${finding.path}` },
      properties: { path: finding.path, expected: finding.expected ?? null, actual: finding.actual ?? null, ...(finding.fix ? { fix: finding.fix } : {}) },
    };
  };
  const suppressed = (finding: BaselinedFinding) => ({
    ...toResult(finding),
    suppressions: [{ kind: 'external', justification: `baselined in ${result.baselineFile}: ${describeAcceptance(finding.baseline)}` }],
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aiforce-db',
            rules: CODES.map((code) => ({
              id: code,
              shortDescription: { text: codeInfo(code).summary },
              defaultConfiguration: { level: codeInfo(code).severity },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The project root (where package.json is).' } } },
        results: [...result.findings.map(toResult), ...result.baselined.map(suppressed)],
        properties: { database: result.target.database, schema: result.target.schema, expected: result.expected.source, summary: result.summary, notes: result.notes },
      },
    ],
  };
  return jsonDocument(log);
}
