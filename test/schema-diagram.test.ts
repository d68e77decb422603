/**
 * docs/schema.svg, the diagram db:lock commits: the same as a fresh drawing of the lock, and opened in Debian's
 * Chromium, one node per table and one edge per foreign key. Any name survives DOT and SVG, and Graphviz stays
 * out of the db:check bundle.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLock } from '../src/catalog/lock.js';
import type { Catalog } from '../src/catalog/registry.js';
import { schemaDot } from '../src/diagram/erd.js';
import { renderSvg } from '../src/diagram/render.js';
import { loadProject } from '../src/config/project.js';
import { drawSchema } from '../src/diagram/schema-file.js';
import { oneLine } from '../src/formats/escape.js';
import { catalog, column, table } from './support/catalog.js';
import { launchChromium, screenshot } from './support/chromium.js';
import { projectRoot } from './support/template.js';

const DIAGRAM = (await loadProject(projectRoot)).paths.diagram;
const XLINK = 'http://www.w3.org/1999/xlink';

/** What the rendered SVG holds, read from its DOM in the browser. */
interface Drawn {
  tables: string[];
  tableTexts: string[];
  nodes: number;
  edges: string[];
  clusters: string[];
}

const readDrawing = (xlink: string): Drawn => ({
  tables: [...document.querySelectorAll('g.node.table > title')].map((title) => title.textContent ?? ''),
  tableTexts: [...document.querySelectorAll('g.node.table')].map((node) => [...node.querySelectorAll('text')].map((text) => text.textContent).join(' ')),
  nodes: document.querySelectorAll('g.node').length,
  edges: [...document.querySelectorAll('g.edge.fk')].map((edge) => edge.querySelector('a')?.getAttributeNS(xlink, 'title') ?? ''),
  clusters: [...document.querySelectorAll('g.cluster > text')].map((text) => text.textContent ?? ''),
});

const edgeOf = (key: Catalog['foreignKeys'][number]) => `${key.table}(${key.columns.join(', ')}) -> ${key.referencedTable}(${key.referencedColumns.join(', ')})`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'aiforce-db-diagram-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('docs/schema.svg', () => {
  it('is what db:lock draws from the lock (when this fails: npm run db:lock)', async () => {
    const lock = await readLock(path.join(projectRoot, 'prisma', 'schema.lock.json'));
    expect(await readFile(DIAGRAM, 'utf8')).toBe(await drawSchema(lock.catalog));
  });

  it('has, in Chromium, exactly one node per table and one edge per foreign key, in the five areas', async () => {
    const { catalog: expected } = await readLock(path.join(projectRoot, 'prisma', 'schema.lock.json'));
    const browser = await launchChromium(path.join(work, 'chromium'));
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(pathToFileURL(DIAGRAM).href, { waitUntil: 'load' });
      const drawn = await page.evaluate(readDrawing, XLINK);
      expect(problems).toEqual([]);

      expect(drawn.nodes).toBe(expected.tables.length);
      expect([...drawn.tables].sort()).toEqual(expected.tables.map((t) => t.name).sort());
      expect([...drawn.edges].sort()).toEqual(expected.foreignKeys.map(edgeOf).sort());
      expect(drawn.clusters).toEqual(['Tenancy', 'Discovery', 'Assets and planning', 'Agents and LLM', 'Audit', 'Other tables']);
      // Every table shows its primary and foreign key columns, so each edge can be followed to its rows.
      const textOf = new Map(drawn.tables.map((name, i) => [name, drawn.tableTexts[i]!]));
      for (const key of expected.primaryKeys) for (const name of key.columns) expect(textOf.get(key.table)).toContain(name);
      for (const key of expected.foreignKeys) for (const name of key.columns) expect(textOf.get(key.table)).toContain(name);

      // The screenshot shows the whole drawing (an SVG document itself cannot be captured full-page).
      const frame = path.join(work, 'schema.html');
      await writeFile(frame, `<!doctype html><body style="margin:0"><img style="width:100%" src="${pathToFileURL(DIAGRAM).href}" alt="schema">`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(pathToFileURL(frame).href, { waitUntil: 'load' });
      await screenshot(page, 'schema-diagram');
    } finally {
      await browser.close();
    }
  });
});

describe('a diagram of hostile names', () => {
  const NAMES = ['<img src=x onerror=window.pwned=1>', 'Evil "Quoted" Table', 'x\nDROP TABLE users; --', 'back\\', 'a&#34;b', 'a"b'];
  const FK_COLUMN = '<svg onload=window.pwned=3>';

  it('draws each table once, under its own name read back from the SVG, and runs nothing', async () => {
    const base = catalog();
    const hostile: Catalog = {
      ...base,
      tables: NAMES.map((name) => table(name)),
      columns: NAMES.flatMap((name) => [column(name, 'id', 'uuid', { nullable: false }), column(name, FK_COLUMN, 'uuid')]),
      primaryKeys: NAMES.map((name) => ({ table: name, name: `${name}_pkey`, columns: ['id'], definition: 'PRIMARY KEY (id)', options: [] })),
      indexes: [],
      // Each table refers to the next one, by the column with the hostile name.
      foreignKeys: NAMES.map((name, i) => ({ ...base.foreignKeys[0]!, table: name, name: `fk${i}`, columns: [FK_COLUMN], referencedTable: NAMES[(i + 1) % NAMES.length]! })),
    };
    const file = path.join(work, 'hostile.svg');
    await writeFile(file, await renderSvg(schemaDot(hostile)));

    const browser = await launchChromium(path.join(work, 'chromium-hostile'));
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const drawn = await page.evaluate(readDrawing, XLINK);
      expect([...drawn.tables].sort()).toEqual([...NAMES].sort());
      expect([...drawn.edges].sort()).toEqual(hostile.foreignKeys.map(edgeOf).sort());
      for (const [i, name] of drawn.tables.entries()) expect(drawn.tableTexts[i]).toContain(oneLine(name));
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
      expect(await page.locator('img, script, foreignObject, [onerror], [onload]').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });
});

describe("db:check's start-up", () => {
  it('never loads Graphviz: the db:check bundle has none of it', async () => {
    const bundle = await readFile(path.join(projectRoot, 'dist', 'bundle', 'check.cjs'), 'utf8');
    expect(bundle.length).toBeGreaterThan(100_000);
    expect(bundle).not.toMatch(/viz-js|graphviz/i);
  });
});
