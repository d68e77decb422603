#!/usr/bin/env node
/**
 * Entry of `npm run db:check`: turns on Node's compile cache, then loads the bundled checker
 * (dist/bundle/check.mjs, built from ./check.ts by scripts/bundle-cli.mjs on install).
 */
import module from 'node:module';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`error: aiforce-db needs Node 22.12 or newer (this is ${process.version}): run it through npm run, which uses the pinned Node 24\n`);
  process.exit(2);
}
module.enableCompileCache?.();
// A variable, so tsc does not look for the bundle, which exists only after the build.
const bundle = '../bundle/check.mjs';
await import(bundle);
