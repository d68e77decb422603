import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import * as z from 'zod';
import { describeIssues, parseOnce, UserError } from '../errors/index.js';
import { ADMIN_PASSWORD_BCRYPT_COST, ADMIN_PASSWORD_MIN_LENGTH } from './data.js';

/** bcrypt only reads the first 72 bytes; a longer password would silently lose its tail. */
const BCRYPT_MAX_BYTES = 72;

/** The rules for an admin password. Messages never echo the value. */
export const adminPasswordSchema = z
  .string()
  .min(ADMIN_PASSWORD_MIN_LENGTH, { error: `must be at least ${ADMIN_PASSWORD_MIN_LENGTH} characters long` })
  .refine((value) => Buffer.byteLength(value, 'utf8') <= BCRYPT_MAX_BYTES, { error: `must be at most ${BCRYPT_MAX_BYTES} bytes (bcrypt ignores the rest)` });

/** Throws a one-line UserError naming `source` when the password breaks the rules. */
export function assertAdminPassword(password: string, source = 'admin password'): void {
  const parsed = parseOnce(adminPasswordSchema, password);
  if (!parsed.success) throw new UserError(describeIssues(source, parsed.error.issues));
}

/** 18 random bytes as base64url: 24 characters, 144 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ADMIN_PASSWORD_BCRYPT_COST);
}
