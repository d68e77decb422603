#!/usr/bin/env node
/**
 * Opens Prisma Studio on the configured database: `aiforce-db studio [--port N --browser none]`.
 * With no DATABASE_URL it starts aiforce-db's embedded PostgreSQL (the same data other commands see)
 * and stops it when Studio exits (Ctrl-C).
 */
import { readEnv } from '../config/env.js';
import { packageRoot } from '../config/project.js';
import { assertReachable } from '../database/connect.js';
import { withDatabase } from '../database/resolve.js';
import { parseStudioOptions, STUDIO_HELP } from '../studio/options.js';
import { ensurePortFree, locatePrismaStudio, runStudio } from '../studio/prisma-studio.js';
import { runMain } from './run-main.js';

runMain(async () => {
  const options = parseStudioOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${STUDIO_HELP}\n`);
    return 0;
  }
  // Everything that can fail fast does so before a database is started.
  const env = readEnv();
  const studio = locatePrismaStudio();
  if (options.port !== undefined) await ensurePortFree(options.port);
  return withDatabase(env, packageRoot, async (db) => {
    await assertReachable(db.url);
    return runStudio(studio, db.url, options);
  });
});
