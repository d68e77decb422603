import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCK_VERSION, openLockFile, parseLock, readLockKnowing, serializeLock, type LockText } from './lock.js';
import { KIND_ENTRIES, type Catalog, type KindKey } from './registry.js';

const lockFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'schema.lock.json');
const text = readFileSync(lockFile, 'utf8');
const lock = (body: string): LockText => ({ text: body, label: 'lock' });
const committed = parseLock(lock(text));

/** The committed lock's text with one kind's object lines edited. */
function editLines(key: KindKey, edit: (lines: string[]) => string[]): string {
  const all = text.split('\n');
  const start = all.indexOf(`    "${key}": [`) + 1;
  const end = all.findIndex((line, index) => index >= start && line.startsWith('    ]'));
  const objects = all.slice(start, end).map((line) => line.replace(/,$/, ''));
  const edited = edit(objects).map((line, index, list) => (index < list.length - 1 ? `${line},` : line));
  return [...all.slice(0, start), ...edited, ...all.slice(end)].join('\n');
}

const known = (change: (catalog: Record<KindKey, unknown[]>) => void = () => undefined): Catalog => {
  const copy = Object.fromEntries(KIND_ENTRIES.map(([key]) => [key, [...committed.catalog[key]]])) as Record<KindKey, unknown[]>;
  change(copy);
  return copy as Catalog;
};

describe('parseLock with the objects the database holds', () => {
  it('takes every object whose line is written as the lock writes it, unparsed', () => {
    const live = known();
    const parsed = parseLock(lock(text), live);
    expect(parsed).toEqual(committed);
    for (const [key] of KIND_ENTRIES) parsed.catalog[key].forEach((object, index) => expect(object).toBe(live[key][index]));
  });

  const variants: Array<[string, string, Catalog]> = [
    ['a column changed in the lock', editLines('columns', (lines) => lines.map((line, i) => (i === 3 ? line.replace('"type":"', '"type":"changed ') : line))), known()],
    ['a column gone from the lock', editLines('columns', (lines) => lines.filter((_, i) => i !== 5)), known()],
    ['a column added to the lock', editLines('columns', (lines) => [...lines.slice(0, 7), lines[7]!.replace(/"name":"([^"]+)"/, '"name":"$1_extra"'), ...lines.slice(7)]), known()],
    ['two objects moved far apart', editLines('indexes', (lines) => [lines.at(-1)!, ...lines.slice(1, -1), lines[0]!]), known()],
    ['objects the database lacks', text, known((catalog) => catalog.columns.splice(10, 20))],
    ['objects the database has besides', text, known((catalog) => catalog.indexes.splice(4, 0, { ...(catalog.indexes[4] as object), name: 'stray_idx' }))],
    [
      'many objects the database has besides, in a row',
      text,
      known((catalog) => catalog.columns.splice(0, 0, ...Array.from({ length: 20 }, (_, i) => ({ ...(catalog.columns[0] as object), table: '_extra', name: `c${i}` })))),
    ],
    ['many objects the lock has besides, in a row', editLines('columns', (lines) => [...Array.from({ length: 20 }, (_, i) => lines[0]!.replace(/"table":"[^"]+"/, '"table":"_extra"').replace(/"name":"[^"]+"/, `"name":"c${i}"`)), ...lines]), known()],
    ['an object the database holds otherwise', text, known((catalog) => (catalog.columns[2] = { ...(catalog.columns[2] as object), default: "'x'::text" }))],
    ['CRLF line ends', text.replaceAll('\n', '\r\n'), known()],
    ['the lock laid out otherwise', JSON.stringify(JSON.parse(text), null, 2), known()],
    ['the lock on one line', JSON.stringify(JSON.parse(text)), known()],
    ['an array closed and another opened on an object line', text.replace('    ],\n    "columns": [', '      ], "columns": ['), known()],
    ['a kind in the wrong place', text.replace('    "enums": [', '    "domains": ['), known()],
  ];
  for (const [name, body, live] of variants) {
    it(`reads what the whole lock says: ${name}`, () => {
      let whole: unknown;
      try {
        whole = parseLock(lock(body));
      } catch (error) {
        whole = error;
      }
      if (whole instanceof Error) return expect(() => parseLock(lock(body), live)).toThrow(whole.message);
      const parsed = parseLock(lock(body), live);
      expect(parsed).toEqual(whole);
      // Laid out as the writer lays it out, all but the few changed objects are the database's own.
      const held = new Set(KIND_ENTRIES.flatMap(([key]) => live[key] as unknown[]));
      const all = KIND_ENTRIES.flatMap(([key]) => parsed.catalog[key] as unknown[]);
      const taken = all.filter((object) => held.has(object)).length;
      if (name === 'the lock laid out otherwise' || name === 'the lock on one line') expect(taken).toBe(0);
      // Out of the writer's order or layout, a kind may lose its shortcut, never its meaning.
      else if (name === 'two objects moved far apart' || name === 'an array closed and another opened on an object line') expect(taken).toBeGreaterThan(0);
      else expect(taken).toBeGreaterThanOrEqual(all.length - 30);
    });
  }

  const malformed: Array<[string, string]> = [
    ['a number where an object goes', editLines('tables', (lines) => ['0', ...lines])],
    ['an object of the wrong shape', editLines('columns', (lines) => [lines[0]!.replace('"nullable":', '"nullable":"yes","was":'), ...lines.slice(1)])],
    ['a comma missing between two lines the database matches', text.replace(editLines('columns', (lines) => lines).split('\n').find((line) => line.startsWith('      {') && line.endsWith(',') && line.includes('"table":'))!, (line) => line.slice(0, -1))],
    ['a number as an array element on a kind line', text.replace('    "tables": [', '    "tables": [0,')],
    ['not JSON', text.replace('"catalog": {', '"catalog": {{')],
    ['another version', text.replace(`"version": ${LOCK_VERSION}`, '"version": 1')],
    ['a version that is no number', text.replace(`"version": ${LOCK_VERSION}`, `"version": "${LOCK_VERSION}"`)],
  ];
  for (const [name, body] of malformed) {
    it(`refuses the lock as the whole parse does: ${name}`, () => {
      expect(() => parseLock(lock(body))).toThrow();
      let message = '';
      try {
        parseLock(lock(body));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(() => parseLock(lock(body), known())).toThrow(message);
    });
  }

  it('calls a version that is no version number malformed, never the version of another aiforce-db', () => {
    const cases: Array<[string, string]> = [
      [`"${LOCK_VERSION}"`, 'expected number, received string'],
      ['null', 'expected number, received null'],
      ['8.5', 'expected int, received number'],
    ];
    for (const [version, problem] of cases) {
      expect(() => parseLock(lock(text.replace(`"version": ${LOCK_VERSION}`, `"version": ${version}`)))).toThrow(
        new RegExp(`^lock is malformed \\(regenerate it with \`npm run db:lock\`\\): version: Invalid input: ${problem}$`),
      );
    }
  });

  it('says only that a lock of another version is of another version', () => {
    expect(() => parseLock(lock(text.replace(`"version": ${LOCK_VERSION}`, '"version": 2').replace('    "rules": [],\n', '')))).toThrow(
      /^lock: this lock is version 2, written by another aiforce-db: regenerate it with `npm run db:lock`$/,
    );
  });

  it('reads a lock file a piece at a time, pieces ending anywhere, even inside a character', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aiforce-db-lock-'));
    try {
      // A table name with multi-byte characters, in a lock the database does not quite match.
      const body = editLines('columns', (lines) => [lines[0]!.replace('"table":"', '"table":"é€😀'), ...lines.slice(1)]);
      const file = path.join(dir, 'schema.lock.json');
      writeFileSync(file, body);
      const whole = parseLock(lock(body));
      for (const size of [7, 64, 1000]) {
        const live = known();
        const read = await readLockKnowing(await openLockFile(file), live, size);
        expect(read).toEqual(whole);
        expect(read.catalog.columns.slice(1).every((column, index) => column === live.columns[index + 1])).toBe(true);
      }
      await expect(openLockFile(path.join(dir, 'absent.json'), 'absent.json')).rejects.toThrow('expected-schema lock absent.json cannot be read (ENOENT): run `npm run db:lock` to create it');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes what it reads', () => {
    expect(serializeLock(parseLock(lock(text), known()))).toBe(text);
  });
});
