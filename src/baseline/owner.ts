/** Who accepts drift when --owner is not given: git's user.email, else $USER. */
export async function defaultOwner(): Promise<string | undefined> {
  // Loaded here, not on every check's start.
  const { spawnSync } = await import('node:child_process');
  const git = spawnSync('git', ['config', 'user.email'], { encoding: 'utf8' });
  const email = git.status === 0 ? git.stdout.trim() : '';
  return email || process.env.USER?.trim() || undefined;
}
