/**
 * The Prisma config `aiforce-db lock --check` gives Prisma 6 (`--config`) to render a project's schema.prisma
 * as SQL (`migrate diff --from-empty --to-schema-datamodel`), so any project works without a prisma.config.ts
 * of its own: the JavaScript schema engine (Wasm, inside the prisma package: no download) with the driver
 * adapter, which Prisma opens on DATABASE_URL (the throw-away server) although the diff reads no database.
 */
import { defineConfig } from 'prisma/config';
import { createPrismaAdapter } from '../database/prisma-adapter.js';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    return createPrismaAdapter(process.env.DATABASE_URL ?? '');
  },
});
