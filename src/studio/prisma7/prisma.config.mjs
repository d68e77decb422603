// Prisma 7 configuration, read only by `npm run db:studio` (src/studio/prisma-studio.ts).
// The URL comes from the environment rather than `--url`, so the password never shows in the process list.
export default { datasource: { url: process.env.DATABASE_URL } };
