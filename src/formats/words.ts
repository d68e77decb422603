/** Small wording helpers shared by every report. */

/** `1 error`, `2 errors`, `3 stale baseline entries`. */
export const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;


/** How a person runs the commands reports point to: the npm script, and the command it stands for. */
export const MIGRATE_COMMAND = '`npm run db:migrate` (aiforce-db migrate)';
export const SEED_COMMAND = '`npm run db:seed` (aiforce-db seed)';
