/**
 * Hostile names and values through every report: a fresh migrated database gets tables, columns, an enum, an
 * index and a default whose names and values hold quotes, spaces, upper case, unicode, 63 bytes, line breaks,
 * HTML, pipes, backticks and a terminal escape. The compiled db:check (every format, --fix-sql) and db:report
 * run on it, and each output is parsed back with a real parser: nothing breaks its layout or becomes markup.
 * --ignore then names those objects with quoted patterns, and pathological or malformed patterns are tried.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refPath, type ObjectRef } from '../src/catalog/model.js';
import type { CheckResult } from '../src/check/result.js';
import { withConnection } from '../src/database/connect.js';
import { quoteIdent, quoteLiteral } from '../src/database/quote.js';
import type { Finding } from '../src/findings/finding.js';
import type { NightlyReport } from '../src/report/report.js';
import { oneLine } from '../src/formats/escape.js';
import { codesAndPaths } from './support/check.js';
import { launchChromium } from './support/chromium.js';
import { checkCli, cli, expectOneClearError } from './support/cli.js';
import { createTestDatabase, projectRoot, type TestDatabase } from './support/template.js';

const HTML_TABLE = '<img src=x onerror=window.pwned=1>|`tick`';
const QUOTED_TABLE = 'Evil "Quoted" Table';
const DOTTED_TABLE = 'dotted.name';
const UNICODE_TABLE = `${'é'.repeat(31)}x`;
const NEWLINE_TABLE = 'x\nDROP TABLE users; --';
const BACKSLASH_PIPE_TABLE = 'back\\|slash';
const LONG_A = 'a'.repeat(63);
const LONG_AB = `${'a'.repeat(62)}b`;
const TABLES = [HTML_TABLE, QUOTED_TABLE, DOTTED_TABLE, UNICODE_TABLE, NEWLINE_TABLE, BACKSLASH_PIPE_TABLE, LONG_A, LONG_AB];
const SVG_COLUMN = '<svg onload=window.pwned=3>';
const FENCE_COLUMN = 'a\n```\n<img src=x onerror=window.pwned=5>';
const ESCAPE_COLUMN = '\u001b[31mred\u001b[0m';
const ENUM = 'Mood ]x[ (1)';
const INDEX = 'ix "q" <i>';

const PLANT = [
  ...TABLES.map((table) => `CREATE TABLE ${quoteIdent(table)} (id int)`),
  `ALTER TABLE users ADD COLUMN ${quoteIdent(SVG_COLUMN)} text DEFAULT E'a\\nb|c\`d<i>e</i>'`,
  `ALTER TABLE users ADD COLUMN ${quoteIdent(FENCE_COLUMN)} int`,
  `ALTER TABLE users ADD COLUMN ${quoteIdent(ESCAPE_COLUMN)} int`,
  `ALTER TABLE discovery_flows ALTER COLUMN learning_scope SET DEFAULT E'x\\n| injected | row |\\n<img src=x onerror=window.pwned=4>'`,
  `CREATE TYPE ${quoteIdent(ENUM)} AS ENUM (${['a\nb', '<b>bold</b>', 'x]y[z\\'].map(quoteLiteral).join(', ')})`,
  `CREATE INDEX ${quoteIdent(INDEX)} ON users (email)`,
];

const at = (ref: ObjectRef) => refPath('public', ref);
const PLANTED = [
  ...TABLES.map((table) => `table.unexpected ${at({ kind: 'table', name: table })}`),
  `column.unexpected ${at({ kind: 'column', table: 'users', name: SVG_COLUMN })}`,
  `column.unexpected ${at({ kind: 'column', table: 'users', name: FENCE_COLUMN })}`,
  `column.unexpected ${at({ kind: 'column', table: 'users', name: ESCAPE_COLUMN })}`,
  'column.default_mismatch public.discovery_flows.learning_scope',
  `enum.unexpected ${at({ kind: 'enum', name: ENUM })}`,
  `index.unexpected ${at({ kind: 'index', table: 'users', name: INDEX })}`,
].sort();

// ---------------------------------------------------------------------------------------------- parsers

interface MdNode {
  type: string;
  value?: string;
  lang?: string | null;
  children?: MdNode[];
}
const parseMarkdown = (markdown: string) => fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as MdNode;
const nodesOf = (node: MdNode, type: string): MdNode[] => [...(node.type === type ? [node] : []), ...(node.children ?? []).flatMap((child) => nodesOf(child, type))];
const plain = (node: MdNode): string => node.value ?? (node.children ?? []).map(plain).join('');
/** GitHub's renderer lets some raw HTML through: render with it allowed, so injected markup would show. */
const markdownToHtml = (markdown: string) => micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });
const DANGEROUS_TAG = /<(img|svg|script|iframe|b|i)[\s>/]/i;
const OUR_HTML = ['<details><summary>Suggested SQL (review before running)</summary>', '</details>'];

/** What a Markdown report must hold for these findings: one row each, cells that read back as the values, one SQL block. */
function expectMarkdownFindings(markdown: string, findings: Finding[]): void {
  const root = parseMarkdown(markdown);
  for (const html of nodesOf(root, 'html')) expect(OUR_HTML).toContain(html.value);
  const table = nodesOf(root, 'table').find((candidate) => plain(candidate.children![0]!).includes('Object'))!;
  expect(table.children).toHaveLength(findings.length + 1);
  findings.forEach((finding, i) => {
    const cells = table.children![i + 1]!.children!.map(plain);
    expect(cells).toHaveLength(6);
    expect(cells.slice(1, 5)).toEqual([finding.code, oneLine(finding.path), finding.expected ? oneLine(finding.expected) : '—', finding.actual ? oneLine(finding.actual) : '—']);
  });
  const blocks = nodesOf(root, 'code');
  expect(blocks.map((block) => block.lang)).toEqual(['sql']);
  expect(blocks[0]!.value).toBe(findings.filter((f) => f.fix).map((f) => `-- ${f.code} ${oneLine(f.path)}\n${f.fix}`).join('\n'));
  expect(markdownToHtml(markdown)).not.toMatch(DANGEROUS_TAG);
}

const unescapeWorkflow = (text: string) => text.replaceAll('%0A', '\n').replaceAll('%0D', '\r').replaceAll('%3A', ':').replaceAll('%2C', ',').replaceAll('%25', '%');
const unescapeSarif = (text: string) => text.replace(/\\([\\[\]])/g, '$1');
/** XML 1.0 cannot carry most C0 controls: the JUnit report shows them as control pictures. */
const xmlVisible = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (char) => String.fromCharCode(0x2400 + char.charCodeAt(0)));
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// ---------------------------------------------------------------------------------------------- setup

let db: TestDatabase;
let work: string;
let json: CheckResult;
const outputs = new Map<string, { code: number; stdout: string; stderr: string }>();
const output = (name: string) => outputs.get(name)!;

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  await withConnection(db.url, async (client) => void (await client.query(PLANT.join(';\n'))));
  work = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-hostile-'));
  // One after the other: the machine's two cores are shared.
  for (const format of ['json', 'human', 'markdown', 'github', 'sarif', 'junit']) outputs.set(format, await checkCli(['--format', format], db.url));
  outputs.set('fix-sql', await checkCli(['--fix-sql'], db.url));
  json = JSON.parse(output('json').stdout) as CheckResult;
});
afterAll(async () => {
  await db?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('db:check with hostile identifiers, every format parsed back', () => {
  it('json: parses, and reports every planted object by its exact name', () => {
    for (const result of outputs.values()) expect(result.code, result.stderr).toBe(1);
    expect(codesAndPaths(json.findings)).toEqual(PLANTED);
    expect(json.findings.find((f) => f.path === 'public.discovery_flows.learning_scope')!.actual).toContain('\n| injected | row |\n');
  });

  it('human: one marked line per finding, names on one line, no control character reaches the terminal', () => {
    const { stdout } = output('human');
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(stdout.split('\n').filter((line) => /^ {2}(✖ error|▲ warning) /.test(line))).toHaveLength(json.findings.length);
    for (const finding of json.findings) expect(stdout).toContain(oneLine(finding.path));
    expect(stdout).toContain(oneLine(at({ kind: 'column', table: 'users', name: ESCAPE_COLUMN })));
  });

  it('markdown: a GFM parser finds one row per finding whose cells read back as the values, and no injected HTML', () => {
    expectMarkdownFindings(output('markdown').stdout, json.findings);
  });

  it('github: one workflow command per annotation, whose data and title read back as the finding', () => {
    const lines = output('github').stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(json.findings.length + json.baselined.length + json.staleBaseline.length + json.notes.length + 1);
    json.findings.forEach((finding, i) => {
      const [, kind, properties, data] = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(lines[i]!)!;
      expect(kind).toBe(finding.severity);
      const title = properties!.split(',').find((property) => property.startsWith('title='))!.slice('title='.length);
      expect(unescapeWorkflow(title)).toBe(`${finding.code} ${finding.path}`);
      expect(unescapeWorkflow(data!)).toBe(`${finding.message}${finding.fix ? `\nSuggested SQL:\n${finding.fix}` : ''}`);
    });
  });

  it('sarif: valid against the SARIF 2.1.0 schema, messages and paths read back', async () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(await readFile(path.join(projectRoot, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
    const log = JSON.parse(output('sarif').stdout) as { runs: Array<{ results: Array<{ message: { text: string }; properties: { path: string } }> }> };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const { results } = log.runs[0]!;
    expect(results.map((r) => r.properties.path)).toEqual(json.findings.map((f) => f.path));
    expect(results.map((r) => unescapeSarif(r.message.text))).toEqual(json.findings.map((f) => f.message));
    expect(results.find((r) => r.properties.path === at({ kind: 'enum', name: ENUM }))!.message.text).toContain('Mood \\]x\\[ (1)');
  });

  it('junit: well-formed XML whose test cases and failures read back as the names and findings', () => {
    const xml = output('junit').stdout;
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => name === 'testcase' }).parse(xml) as {
      testsuites: { testsuite: { testcase: Array<{ name: string; failure?: { '#text': string } }> } };
    };
    const cases = parsed.testsuites.testsuite.testcase;
    for (const table of TABLES) expect(cases.map((c) => c.name)).toContain(`public.${table}`);
    for (const finding of json.findings) {
      const name = finding.table ? `public.${finding.table}` : 'public (enums and types)';
      const failure = cases.find((c) => c.name === name)?.failure?.['#text'] ?? '';
      if (finding.severity === 'error') expect(failure).toContain(`${finding.code} ${xmlVisible(finding.path)}`);
    }
  });

  it('--fix-sql: names stay inside their -- comments, and the script runs on PostgreSQL (rolled back)', async () => {
    const script = output('fix-sql').stdout;
    const statements = (text: string) => text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('--'));
    const fixes = json.findings.filter((f) => f.fix).map((f) => f.fix!);
    const [begin, bodies, rowSecurity, ...rest] = statements(script);
    expect([begin, bodies, rowSecurity, rest.at(-1)]).toEqual(['BEGIN;', 'SET LOCAL check_function_bodies = off;', 'SET LOCAL row_security = off;', 'COMMIT;']);
    expect(rest.slice(0, -1).sort()).toEqual([...new Set(statements(fixes.join('\n')))].sort());
    expect(script.split('\n').filter((line) => line.startsWith('--'))).toHaveLength(2 + json.findings.length);
    // The script's own transaction is left out, so the test's can roll it back.
    const body = script.split('\n').filter((line) => line !== 'BEGIN;' && line !== 'COMMIT;').join('\n');
    await withConnection(db.url, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(body);
        const left = await client.query<{ users: string | null; planted: number }>(
          "SELECT to_regclass('public.users')::text AS users, (SELECT count(*)::int FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1)) AS planted",
          [TABLES],
        );
        expect(left.rows[0]).toEqual({ users: 'users', planted: 0 });
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });
});

describe('db:report with hostile identifiers', () => {
  let out: string;
  let report: NightlyReport;
  beforeAll(async () => {
    out = path.join(work, 'report');
    const result = await cli('report', ['--out', out, '--history', path.join(work, 'history')], { DATABASE_URL: db.url });
    expect(result.code, result.stderr).toBe(1);
    report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as NightlyReport;
  });

  it('report.json and report.md: the same findings, one Markdown row each, no injected HTML', async () => {
    const findings = report.targets[0]!.findings;
    expect(codesAndPaths(findings)).toEqual(PLANTED);
    const markdown = await readFile(path.join(out, 'report.md'), 'utf8');
    expectMarkdownFindings(markdown, findings);
    const overview = nodesOf(parseMarkdown(markdown), 'table')[0]!;
    expect(overview.children).toHaveLength(report.targets.length + 1);
  });

  it('report.html in headless Chromium: no script runs, no request, no console error, even without its CSP', async () => {
    const file = path.join(out, 'report.html');
    const html = await readFile(file, 'utf8');
    // The page's CSP would block inline handlers on its own: a copy without it shows that escaping alone holds.
    const withoutCsp = path.join(out, 'report-without-csp.html');
    const stripped = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(stripped.length).toBeLessThan(html.length);
    await writeFile(withoutCsp, stripped);

    const browser = await launchChromium(path.join(work, 'chromium'));
    try {
      for (const page_ of [file, withoutCsp]) {
        const page = await browser.newPage();
        const requests: string[] = [];
        const problems: string[] = [];
        const dialogs: string[] = [];
        page.on('request', (request) => requests.push(request.url()));
        page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        const url = pathToFileURL(page_).href;
        await page.goto(url, { waitUntil: 'load' });
        expect(requests).toEqual([url]);
        expect(problems).toEqual([]);
        expect(dialogs).toEqual([]);
        expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
        expect(await page.locator('img, script, iframe, object, embed, foreignObject, svg:not(.chart, .erd, .icon), [onerror], [onload]').count()).toBe(0);
        const text = (await page.locator('main').textContent()) ?? '';
        for (const name of [HTML_TABLE, SVG_COLUMN, QUOTED_TABLE, UNICODE_TABLE]) expect(text).toContain(name);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

describe('--ignore with hostile names', () => {
  it('quoted patterns name tables and columns with quotes, spaces, dots and HTML; a pathological pattern gives the right answer', async () => {
    const pathological = `${'*a'.repeat(12)}*b`;
    const patterns = [`"${QUOTED_TABLE.replaceAll('"', '""')}"`, `"${DOTTED_TABLE}"`, `users."${SVG_COLUMN}"`, pathological];
    const result = await checkCli(['--format', 'json', ...patterns.flatMap((pattern) => ['--ignore', pattern])], db.url);
    expect(result.code, result.stderr).toBe(1);
    const ignored = [
      `table.unexpected ${at({ kind: 'table', name: QUOTED_TABLE })}`,
      `table.unexpected ${at({ kind: 'table', name: DOTTED_TABLE })}`,
      `column.unexpected ${at({ kind: 'column', table: 'users', name: SVG_COLUMN })}`,
      `table.unexpected ${at({ kind: 'table', name: LONG_AB })}`,
    ];
    expect(codesAndPaths((JSON.parse(result.stdout) as CheckResult).findings)).toEqual(PLANTED.filter((entry) => !ignored.includes(entry)));
  });

  it('a malformed pattern is one line and exit 2', async () => {
    for (const pattern of ['"never closed', 'a..b', 'my table', 'a"b', '"a"b', 'a.b.c', 'users.']) {
      expectOneClearError(await checkCli(['--ignore', pattern], db.url), /^error: bad option: ignore\.0: pattern ".*" (has|ends)/);
    }
  });
});
