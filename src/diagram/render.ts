/**
 * Graphviz, compiled to WebAssembly (@viz-js/viz), turns DOT text into SVG offline. It is loaded on first use
 * only: about 1 MB of JavaScript that db:check never needs, so nothing on db:check's path imports this module.
 */
import { escapeHtml } from '../formats/escape.js';

/**
 * The SVG document of a DOT graph; Graphviz's warnings go to `warn`. Graphviz refusing our own DOT text is a bug
 * in aiforce-db, not something the user can fix.
 */
export async function renderSvg(dot: string, warn: (message: string) => void = () => undefined): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const result = (await instance()).render(dot, { format: 'svg' });
  const messages = result.errors.map((error) => error.message.trim());
  if (result.status !== 'success') throw new Error(`Graphviz could not draw the diagram: ${messages.join('; ')}`);
  for (const message of messages) warn(message);
  return result.output;
}

/**
 * The same SVG as an element to put inside an HTML page: without its XML declaration, doctype and comments, with
 * a class and an accessible name on its root.
 */
export function inlineSvg(svg: string, root: { class: string; label: string }): string {
  const element = svg.slice(svg.indexOf('<svg')).replace(/<!--[\s\S]*?-->\n?/g, '').trim();
  return element.replace('<svg', `<svg class="${escapeHtml(root.class)}" role="img" aria-label="${escapeHtml(root.label)}"`);
}
