/**
 * The check bundle (scripts/bundle-cli.mjs) as the bin runs it: CommonJS built from ES modules, so it must
 * still be strict code, and every import.meta must have become the bundle's own file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/template.js';

describe('the check bundle', () => {
  it("is strict (its first statement is 'use strict') and holds no import.meta", async () => {
    const bundle = await readFile(path.join(projectRoot, 'dist', 'bundle', 'check.cjs'), 'utf8');
    expect(bundle).toMatch(/^#!\/usr\/bin\/env node\n'use strict';/);
    expect(bundle).not.toContain('import.meta');
  });
});
