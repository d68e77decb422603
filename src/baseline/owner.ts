import { spawnSync } from 'node:child_process';

/** Who accepts drift when --owner is not given: git's user.email, else $USER. */
export function defaultOwner(): string | undefined {
  const git = spawnSync('git', ['config', 'user.email'], { encoding: 'utf8' });
  const email = git.status === 0 ? git.stdout.trim() : '';
  return email || process.env.USER?.trim() || undefined;
}
