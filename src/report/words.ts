/** Small wording helpers shared by every report. */

/** `1 error`, `2 errors`, `3 stale baseline entries`. */
export const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

