import * as z from 'zod';
import { parseOptions } from '../config/cli-options.js';

export const STUDIO_HELP = `usage: aiforce-db studio [options]        (also: npm run db:studio -- [options])
Opens Prisma Studio on the configured database (DATABASE_URL, or the embedded one) to browse and edit rows.
  --port N           port to serve Studio on, on 127.0.0.1 (default: 51212, or a free one below it)
  --browser NAME     browser to open, or "none" to only print the address (default: the system's)
  -h, --help         show this help
Stop it with Ctrl-C (the embedded database, if started, stops with it).
exit codes: 130 stopped with Ctrl-C, 2 could not start (bad option, port in use, unreachable database, Studio not installed)`;

const optionsSchema = z.object({
  // One message for every failure (not a number, fraction, out of range): it says what is accepted.
  port: z.coerce.number({ error: 'must be a whole number from 1 to 65535' }).int().min(1).max(65_535).optional(),
  browser: z.string().trim().min(1, 'must not be empty').optional(),
  help: z.boolean().default(false),
});

export type StudioOptions = z.infer<typeof optionsSchema>;

/** Parses and validates argv; any problem is one line. */
export function parseStudioOptions(argv: string[]): StudioOptions {
  return parseOptions(
    argv,
    { port: { type: 'string', short: 'p' }, browser: { type: 'string', short: 'b' }, help: { type: 'boolean', short: 'h' } },
    optionsSchema,
  );
}
