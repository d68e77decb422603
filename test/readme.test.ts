// The README documents what the code does: its finding-code table is every code with its default severity.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../src/findings/finding.js';
import { projectRoot } from './support/template.js';

describe('README', () => {
  it('lists every finding code with its default severity and summary, and nothing else', async () => {
    const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \| (error|warning) \| (.+) \|$/gm)].map(([, code, severity, summary]) => [code, severity, summary]);
    expect(rows).toEqual(Object.entries(FINDING_CODES).map(([code, info]) => [code, info.severity, info.summary]));
  });
});
