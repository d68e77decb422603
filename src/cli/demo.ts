#!/usr/bin/env node
/**
 * `aiforce-db demo` (npm run demo): the main job in one command, on a throw-away PostgreSQL that is deleted afterwards.
 * Exit 0 every step behaved as expected, 1 a step gave another result, 2 a step could not run.
 */
import * as z from 'zod';
import { runDemo } from '../demo/run-demo.js';
import { parseOptions } from '../config/cli-options.js';
import { colorsOn } from '../formats/style.js';
import { runMain } from './run-main.js';

const HELP = `usage: aiforce-db demo        (also: npm run demo)
Starts a throw-away PostgreSQL, applies the migrations, seeds the sample data, checks for drift (none),
introduces three drifts by hand, checks again (exactly those three, with suggested SQL) and cleans up.
Needs no DATABASE_URL and never uses it; the project's .aiforce-db is not touched.
exit codes: 0 every step behaved as expected, 1 a step gave another result, 2 a step could not run`;

runMain(async () => {
  const options = parseOptions(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } }, z.object({ help: z.boolean().default(false) }));
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  await runDemo({
    out: (line) => process.stdout.write(`${line}\n`),
    progressStream: process.stderr,
    color: colorsOn(process.stdout),
  });
  return 0;
});
