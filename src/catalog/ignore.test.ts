import { describe, expect, it } from 'vitest';
import { column, table } from '../../test/support/catalog.js';
import { emptyCatalog, type Catalog } from './registry.js';
import { withoutIgnored, type IgnoreMatcher } from './ignore.js';

const users = table('users');
const catalogOf = (tables: Catalog['tables'], columns: Catalog['columns']): Catalog => ({ ...emptyCatalog(), tables, columns });

/** Ignores `log` and everything in it, and counts what it was asked about. */
function loggingMatcher() {
  const asked: string[] = [];
  const matcher: IgnoreMatcher = {
    table: (name) => (asked.push(name), name === 'log'),
    column: (tableName, name) => (asked.push(`${tableName}.${name}`), false),
  };
  return { matcher, asked };
}

describe('withoutIgnored', () => {
  it('leaves out ignored objects and what hangs on them', () => {
    const { matcher } = loggingMatcher();
    const result = withoutIgnored(catalogOf([table('log'), users], [column('log', 'at', 'timestamp'), column('users', 'id', 'uuid')]), matcher);
    expect(result.tables.map((t) => t.name)).toEqual(['users']);
    expect(result.columns.map((c) => `${c.table}.${c.name}`)).toEqual(['users.id']);
  });

  it('keeps without asking again the objects it shares with a catalog already filtered, and asks about the rest', () => {
    const { matcher, asked } = loggingMatcher();
    const [id, email, extra] = [column('users', 'id', 'uuid'), column('users', 'email', 'text'), column('users', 'nickname', 'text')];
    // The database's catalog, filtered first: one object more than the lock, early: the walk looks past it.
    const actual = withoutIgnored(catalogOf([users], [extra, id, email]), matcher);
    asked.length = 0;
    // The lock's: two objects shared with the database's, one of its own, and an ignored one.
    const lockColumns = [column('log', 'at', 'timestamp'), id, column('users', 'name', 'text'), email];
    const expected = withoutIgnored(catalogOf([users], lockColumns), matcher, actual);
    expect(expected.columns).toEqual([id, lockColumns[2], email]);
    expect(asked.filter((name) => name.startsWith('users.'))).toEqual(['users.name']);

    // In step, the shared objects are not asked about at all.
    const inStep = withoutIgnored(catalogOf([users], [id, email]), matcher);
    asked.length = 0;
    expect(withoutIgnored(catalogOf([users], [id, column('log', 'at', 'timestamp'), email]), matcher, inStep).columns).toEqual([id, email]);
    expect(asked).toEqual(['log']);
  });
});
