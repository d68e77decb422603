/**
 * The one colour policy of every command. Whether a stream gets colours is Node's own decision
 * (util.styleText validating the stream: NO_COLOR, NODE_DISABLE_COLORS, FORCE_COLOR, TERM=dumb, a TTY),
 * made once per command; renderers then paint with a Style that is either on or off.
 */
import { styleText } from 'node:util';

export type StyleFormat = Parameters<typeof styleText>[0];

/** Paints `text` with one format or several (`['bold', 'yellow']`); plain when colours are off. */
export type Style = (format: StyleFormat, text: string) => string;

/** True when Node would colour output written to `stream`. */
export function colorsOn(stream: NodeJS.WritableStream): boolean {
  return styleText('bold', 'x', { stream }) !== 'x';
}

const painted: Style = (format, text) => styleText(format, text, { validateStream: false });
const plain: Style = (_format, text) => text;

/** The Style for a decision already taken (colorsOn, or false for a file). */
export const style = (color: boolean): Style => (color ? painted : plain);
