import { describe, expect, it } from 'vitest';
import { maskSecrets, maskUrl, parseDatabaseUrl } from './url.js';

const NASTY_PASSWORDS = ['Hun@ter2/Tail99', 'Se:cr@t/p#w?d%x&y z', 'a@b@c/d@e', 'p/w', 'p#w', 'p?w', '@/@', 'x:y@z:1/q', 'plain'];

describe('maskUrl', () => {
  it.each(NASTY_PASSWORDS)('prints no part of the raw password %j', (password) => {
    const url = `postgresql://alice:${password}@db.example:5432/app`;
    const masked = maskUrl(url);
    expect(masked).toBe('postgresql://alice:****@db.example:5432/app');
    // In free text a URL ends at white space, so only passwords without it are whole there.
    if (!password.includes(' ')) expect(maskSecrets(`cannot connect to ${url}: refused`)).toBe(`cannot connect to ${masked}: refused`);
  });

  it('keeps URLs without a password and masks ?password=', () => {
    expect(maskUrl('postgresql://alice@db:5432/app')).toBe('postgresql://alice@db:5432/app');
    expect(maskUrl('postgresql://db:5432/app?sslmode=require&password=s3cret')).toBe('postgresql://db:5432/app?sslmode=require&password=****');
    expect(maskUrl('postgresql://alice:p%40ss@db/app')).toBe('postgresql://alice:****@db/app');
  });
});

describe('parseDatabaseUrl', () => {
  it('refuses a raw @ past the host part without naming the piece of password it took for a host', () => {
    expect(() => parseDatabaseUrl('postgresql://u:Hun@ter2/Tail99@127.0.0.1:5432/db')).toThrow(
      'DATABASE_URL has an @ after its host part (postgresql://u:****@127.0.0.1:5432/db): percent-encode',
    );
    expect(parseDatabaseUrl('postgresql://u:Hun%40ter2%2FTail99@127.0.0.1:5432/db').host).toBe('127.0.0.1');
  });
});
