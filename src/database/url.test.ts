import { describe, expect, it } from 'vitest';
import { maskSecrets, maskUrl, parseDatabaseUrl } from './url.js';

const NASTY_PASSWORDS = ['Hun@ter2/Tail99', '5432/x', 'Se:cr@t/p#w?d%x&y z', 'a@b@c/d@e', 'p/w', 'p#w', 'p?w', '@/@', 'x:y@z:1/q', 'plain'];

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

  it('takes an @ in the query, the database name or an IPv6 URL for what it is', () => {
    for (const url of ['postgresql://u:p@db/app?password=p@ss', 'postgresql://db/app?user=alice@corp', 'postgresql://u:p@db/app?sslrootcert=/etc/certs/ca@2024.pem', 'postgresql://u:p@db/my@db', 'postgresql://[::1]:5432/app?application_name=a@b']) {
      expect(() => parseDatabaseUrl(url), url).not.toThrow();
    }
    expect(parseDatabaseUrl('postgresql://u:p@db/my@db').database).toBe('my@db');
    // Without user information, host and port stay readable.
    expect(maskUrl('postgresql://db:5432/app?user=a@b')).toBe('postgresql://db:5432/app?user=a@b');
    expect(maskUrl('postgresql://[::1]:5432/app?application_name=a@b')).toBe('postgresql://[::1]:5432/app?application_name=a@b');
    expect(maskUrl('postgresql://u:p@[::1]:5432/app')).toBe('postgresql://u:****@[::1]:5432/app');
  });
});
