/** Who accepts drift when --owner is not given: git's user.email, else $USER. */
export async function defaultOwner(): Promise<string | undefined> {
  // Loaded here, not on every check's start; getBuiltinModule, not import(): db:check runs as a vm script, whose
  // import() goes through a loader Node warns about (code-cache.ts).
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const git = spawnSync('git', ['config', 'user.email'], { encoding: 'utf8' });
  const email = git.status === 0 ? git.stdout.trim() : '';
  return email || process.env.USER?.trim() || undefined;
}
