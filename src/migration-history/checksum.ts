import { createHash } from 'node:crypto';

// A latin1 string maps each byte to one character and back, so line endings can be rewritten and the
// result hashed without ever decoding (or mangling) the script's UTF-8.
const sha256 = (bytes: string) => createHash('sha256').update(bytes, 'latin1').digest();
const hex = (digest: Buffer) => digest.toString('hex');
/** Early schema engines stored checksums without zero-padding each byte (prisma/prisma-engines#1887). */
const unpaddedHex = (digest: Buffer) => [...digest].map((byte) => byte.toString(16)).join('');

/** The checksum `prisma migrate deploy` records for a migration.sql: SHA-256 of its exact bytes, in hex. */
export function migrationChecksum(script: Buffer): string {
  return hex(sha256(script.toString('latin1')));
}

/**
 * Whether a recorded checksum still matches a migration script, decided as Prisma's schema engine decides
 * it: the script as is, with CRLF turned into LF, or with LF turned into CRLF, so a checkout that only
 * changed line endings (git autocrlf) is not an edit.
 */
export function matchesChecksum(script: Buffer, recorded: string): boolean {
  const text = script.toString('latin1');
  const format = recorded.length === 64 || recorded === '' ? hex : unpaddedHex;
  return [text, text.replaceAll('\r\n', '\n'), text.replaceAll('\n', '\r\n')].some((variant) => format(sha256(variant)) === recorded);
}
