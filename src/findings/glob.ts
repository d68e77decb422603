/**
 * Name patterns shared by --ignore, severity rules and the like: `*` matches any run of characters within
 * one dot-separated name (so `users.is_*` matches `users.is_mock`, never `users.x.is_y`).
 */
export function globSource(glob: string): string {
  return glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^.]*');
}

/** A pattern that matches exactly one name. */
export function globRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob)}$`);
}
