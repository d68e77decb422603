/**
 * docs/schema.svg: the schema diagram of the expected catalog, committed beside the lock. `db:lock` writes it,
 * `db:lock --check` says when it is stale. Its text depends only on the catalog (and the Graphviz version), so
 * the committed file changes only when the schema does.
 */
import path from 'node:path';
import { assertOutputFile, makeFolder, projectInputs, shownPath, writeWhole } from '../config/output.js';
import { readTextFile } from '../config/json-file.js';
import type { ProjectPaths } from '../config/project.js';
import { plural } from '../formats/words.js';
import { schemaDot, type DiagramCatalog } from './erd.js';
import { renderSvg } from './render.js';

/** The diagram as db:lock draws it: the whole schema, no marks, a title with its size. */
export function drawSchema(catalog: DiagramCatalog, schema = 'public'): Promise<string> {
  const title = `${schema}: ${plural(catalog.tables.length, 'table')}, ${plural(catalog.foreignKeys.length, 'foreign key')}`;
  return renderSvg(schemaDot(catalog, { title }));
}

/** Writes the diagram whole or not at all; never through a link onto one of the project's inputs. */
export async function writeSchemaDiagram(paths: ProjectPaths, svg: string): Promise<string> {
  const file = paths.diagram;
  await assertOutputFile(file, 'the schema diagram', projectInputs(paths).filter((input) => input.path !== file));
  await makeFolder(path.dirname(file), 'the folder of the schema diagram');
  await writeWhole(file, svg, `the schema diagram ${shownPath(file)}`);
  return file;
}

/** Why the committed diagram is not `svg` (missing, or drawn from another schema), or null when it is. */
export async function staleSchemaDiagram(paths: ProjectPaths, svg: string): Promise<string | null> {
  const shown = shownPath(paths.diagram);
  const committed = await readTextFile(paths.diagram, `the schema diagram ${shown}`, { optional: true });
  if (committed === undefined) return `${shown} is missing`;
  // A checkout that turned line ends into CRLF has not changed the drawing.
  return committed.replaceAll('\r\n', '\n') === svg ? null : `${shown} is not the diagram of ${shownPath(paths.migrations)} (the tables, key columns or foreign keys changed, or Graphviz did)`;
}
