#!/usr/bin/env node
/**
 * Entry of `npm run db:check`: turns on Node's compile cache, then loads the bundled checker
 * (dist/bundle/check.mjs, built from ./check.ts by scripts/bundle-cli.mjs on install).
 */
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
// A variable, so tsc does not look for the bundle, which exists only after the build.
const bundle = '../bundle/check.mjs';
await import(bundle);
