// Comments: identity, wording, the mismatch, COMMENT ON for every kind of object, renamed tables and columns, and the
// catalog rows (no database).
import { describe, expect, it } from 'vitest';
import { catalog, column, findingsOf, fixScript, onlyFinding, producesEveryCode, table, view, attributesOf, NEWEST_SERVER } from '../../../test/support/catalog.js';
import { PHASES, refPath, type ObjectRef } from '../model.js';
import { comments, type Comment } from './comments.js';

const base = catalog({ views: [view('team_counts', 'SELECT 1', { materialized: true }), view('active_users', 'SELECT 2')] });
const on = (target: ObjectRef, text: string): Comment => ({ target, text });
const people = on({ kind: 'table', name: 'users' }, 'People');
const mail = on({ kind: 'column', table: 'users', name: 'email' }, "it's mail");
const withComments = (...list: Comment[]) => ({ ...base, comments: list });

describe('comments: identity and wording', () => {
  it('is identified by its object, and its path ends in [comment]', () => {
    expect(comments.ref(mail)).toEqual({ kind: 'comment', on: 'column', table: 'users', name: 'email' });
    expect(refPath('public', comments.ref(people))).toBe('public.users[comment]');
    expect(refPath('public', comments.ref(mail))).toBe('public.users.email[comment]');
    expect(refPath('public', comments.ref(on({ kind: 'index', table: 'Odd Table', name: 'Odd Index' }, 'x')))).toBe('public."Odd Table"."Odd Index"[comment]');
  });

  it('is covered by its object', () => {
    expect(comments.parent!(mail)).toEqual({ kind: 'column', table: 'users', name: 'email' });
    expect(comments.parent!(on({ kind: 'schema', name: 'public' }, 'x'))).toBeUndefined();
  });

  it('is called "the comment on <object>" and described as a quoted text', () => {
    expect(comments.noun(mail)).toBe('the comment on column users.email');
    expect(comments.describe(mail)).toBe('"it\'s mail"');
  });
});

describe('comments: missing and unexpected', () => {
  it('comments on an object that lacks its comment, saying so', () => {
    const finding = onlyFinding(withComments(mail), base);
    expect(finding).toMatchObject({ code: 'comment.missing', path: 'public.users.email[comment]', table: 'users', severity: 'warning', message: 'column users.email has no comment in the database', expected: '"it\'s mail"', actual: null });
    expect(finding.fixSteps).toEqual([{ phase: PHASES.comments, sql: "COMMENT ON COLUMN public.users.email IS 'it''s mail';" }]);
  });

  it('removes a comment the schema does not give, in the words of the two sides', () => {
    const finding = onlyFinding(base, withComments(people), { expectedLabel: 'staging', actualLabel: 'production' });
    expect(finding).toMatchObject({ code: 'comment.unexpected', message: 'table users has a comment in production that staging does not give it', expected: null, actual: '"People"' });
    expect(finding.fix).toBe('COMMENT ON TABLE public.users IS NULL;');
  });

  it('names each kind of object as COMMENT ON wants it', () => {
    const commentOn = (target: ObjectRef) => onlyFinding(withComments(on(target, 'x')), base).fix;
    expect(commentOn({ kind: 'table', name: 'Odd Table' })).toBe('COMMENT ON TABLE public."Odd Table" IS \'x\';');
    expect(commentOn({ kind: 'column', table: 'Odd Table', name: 'order' })).toBe('COMMENT ON COLUMN public."Odd Table"."order" IS \'x\';');
    expect(commentOn({ kind: 'primary_key', table: 'users', name: 'users_pkey' })).toBe("COMMENT ON CONSTRAINT users_pkey ON public.users IS 'x';");
    expect(commentOn({ kind: 'constraint', table: 'users', name: 'Check' })).toBe('COMMENT ON CONSTRAINT "Check" ON public.users IS \'x\';');
    expect(commentOn({ kind: 'foreign_key', table: 'users', name: 'users_team_id_fkey' })).toBe("COMMENT ON CONSTRAINT users_team_id_fkey ON public.users IS 'x';");
    expect(commentOn({ kind: 'trigger', table: 'users', name: 'touch' })).toBe("COMMENT ON TRIGGER touch ON public.users IS 'x';");
    expect(commentOn({ kind: 'rule', table: 'users', name: 'Keep' })).toBe('COMMENT ON RULE "Keep" ON public.users IS \'x\';');
    expect(commentOn({ kind: 'policy', table: 'users', name: 'tenant' })).toBe("COMMENT ON POLICY tenant ON public.users IS 'x';");
    expect(commentOn({ kind: 'index', table: 'users', name: 'users_email_key' })).toBe("COMMENT ON INDEX public.users_email_key IS 'x';");
    expect(commentOn({ kind: 'view', name: 'active_users' })).toBe("COMMENT ON VIEW public.active_users IS 'x';");
    expect(commentOn({ kind: 'view', name: 'team_counts' })).toBe("COMMENT ON MATERIALIZED VIEW public.team_counts IS 'x';");
    expect(commentOn({ kind: 'sequence', name: 'counter' })).toBe("COMMENT ON SEQUENCE public.counter IS 'x';");
    expect(commentOn({ kind: 'enum', name: 'level' })).toBe("COMMENT ON TYPE public.level IS 'x';");
    expect(commentOn({ kind: 'schema', name: '' })).toBe("COMMENT ON SCHEMA public IS 'x';");
    expect(commentOn({ kind: 'composite_type', name: 'pair' })).toBe("COMMENT ON TYPE public.pair IS 'x';");
    expect(commentOn({ kind: 'range_type', name: 'span' })).toBe("COMMENT ON TYPE public.span IS 'x';");
    expect(commentOn({ kind: 'statistics', table: 'users', name: 'Email Team' })).toBe('COMMENT ON STATISTICS public."Email Team" IS \'x\';');
    expect(commentOn({ kind: 'domain', name: 'email' })).toBe("COMMENT ON DOMAIN public.email IS 'x';");
    expect(commentOn({ kind: 'function', name: 'Add(integer, integer)' })).toBe('COMMENT ON ROUTINE public."Add"(integer, integer) IS \'x\';');
  });

  it('comments on a missing object with the object, and leaves the comments of an extra one to it', () => {
    const notes = { ...base, tables: [...base.tables, table('notes')], columns: [...base.columns, column('notes', 'body', 'text')] };
    const expected = { ...notes, comments: [on({ kind: 'table', name: 'notes' }, 'Notes'), on({ kind: 'column', table: 'notes', name: 'body' }, 'Body')] };
    expect(findingsOf(expected, base)).toEqual(['table.missing public.notes']);
    expect(fixScript(expected, base)).toEqual(['CREATE TABLE public.notes (\n  body text\n);', "COMMENT ON COLUMN public.notes.body IS 'Body';", "COMMENT ON TABLE public.notes IS 'Notes';"]);
    expect(findingsOf(base, expected)).toEqual(['table.unexpected public.notes']);
  });
});

describe('comments: mismatch', () => {
  it('sets the expected comment', () => {
    const finding = onlyFinding(withComments(people), withComments({ ...people, text: 'Users' }));
    expect(finding).toMatchObject({ code: 'comment.mismatch', message: 'the comment on table users is "Users", expected "People"', expected: 'People', actual: 'Users' });
    expect(finding.fix).toBe("COMMENT ON TABLE public.users IS 'People';");
  });

  it('compares the comments of a renamed column under its new name', () => {
    const actual = {
      ...base,
      columns: base.columns.map((entry) => (entry.name === 'email' ? { ...entry, name: 'mail' } : entry)),
      indexes: base.indexes.map((entry) => ({ ...entry, definition: '(mail)', columns: ['mail'] })),
      comments: [{ ...mail, target: { kind: 'column' as const, table: 'users', name: 'mail' } }],
    };
    expect(findingsOf(withComments(mail), actual)).toEqual(['column.renamed public.users.email']);
  });
});

describe('comments: catalog rows', () => {
  it('assembles rows as the query returns them', () => {
    const rows = [
      ['column', 'users', 'email', "it's mail"],
      ['constraint:c', 'users', 'n_big', 'big'],
      ['constraint:n', 'users', 'users_email_not_null', 'nn'],
      ['constraint:p', 'users', 'users_pkey', 'key'],
      ['constraint:f', 'users', 'users_team_id_fkey', 'team'],
      ['function', null, 'add(integer, integer)', 'adds'],
      ['i', 'users', 'users_lower', 'ix'],
      ['m', null, 'team_count', 'mv'],
      ['policy', 'users', 'tenant', 'pol'],
      ['r', null, 'users', 'People'],
      ['S', null, 'counter', 'seq'],
      ['rule', 'users', 'keep_users', 'ru'],
      ['statistics', 'users', 'users_email_team', 'st'],
      ['trigger', 'users', 'touch_users', 'tt'],
      ['type:c', null, 'pair', 'pr'],
      ['type:d', null, 'email', 'em'],
      ['type:e', null, 'level', 'lv'],
      ['type:r', null, 'span', 'sp'],
      ['schema', null, '', 'the platform'],
    ];
    expect(comments.read.assemble(rows, attributesOf(), NEWEST_SERVER).map((comment) => [comments.ref(comment), comment.text])).toEqual([
      [{ kind: 'comment', on: 'column', table: 'users', name: 'email' }, "it's mail"],
      [{ kind: 'comment', on: 'constraint', table: 'users', name: 'n_big' }, 'big'],
      [{ kind: 'comment', on: 'constraint', table: 'users', name: 'users_email_not_null' }, 'nn'],
      [{ kind: 'comment', on: 'primary_key', table: 'users', name: 'users_pkey' }, 'key'],
      [{ kind: 'comment', on: 'foreign_key', table: 'users', name: 'users_team_id_fkey' }, 'team'],
      [{ kind: 'comment', on: 'function', name: 'add(integer, integer)' }, 'adds'],
      [{ kind: 'comment', on: 'index', table: 'users', name: 'users_lower' }, 'ix'],
      [{ kind: 'comment', on: 'view', name: 'team_count' }, 'mv'],
      [{ kind: 'comment', on: 'policy', table: 'users', name: 'tenant' }, 'pol'],
      [{ kind: 'comment', on: 'table', name: 'users' }, 'People'],
      [{ kind: 'comment', on: 'sequence', name: 'counter' }, 'seq'],
      [{ kind: 'comment', on: 'rule', table: 'users', name: 'keep_users' }, 'ru'],
      [{ kind: 'comment', on: 'statistics', table: 'users', name: 'users_email_team' }, 'st'],
      [{ kind: 'comment', on: 'trigger', table: 'users', name: 'touch_users' }, 'tt'],
      [{ kind: 'comment', on: 'composite_type', name: 'pair' }, 'pr'],
      [{ kind: 'comment', on: 'domain', name: 'email' }, 'em'],
      [{ kind: 'comment', on: 'enum', name: 'level' }, 'lv'],
      [{ kind: 'comment', on: 'range_type', name: 'span' }, 'sp'],
      [{ kind: 'comment', on: 'schema', name: '' }, 'the platform'],
    ]);
  });
});

describe('comments: codes', () => {
  producesEveryCode(comments, {
    missing: [withComments(people), base],
    unexpected: [base, withComments(people)],
    mismatch: [withComments(people), withComments({ ...people, text: 'Users' })],
  });
});
