/** Small wording helpers shared by every report. */

/** `1 error`, `2 errors`, `3 stale baseline entries`. */
export const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

/** A value as Markdown inline code inside a table cell (pipes escaped), or an em dash when empty. */
export const markdownCell = (value: string | null | undefined) =>
  value === null || value === undefined || value === '' ? '—' : `\`${value.replaceAll('|', '\\|').replaceAll('`', "'")}\``;
