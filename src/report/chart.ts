/**
 * The trend of report.html: one small chart per environment over the same runs (small multiples), so a fix in
 * one environment and a new finding in another never cancel out. Each bar stacks the findings carried over
 * from the environment's previous checked run under the new ones; what was resolved hangs below the line.
 */
import type { HistoryEntry } from './run-history.js';
import { escapeHtml } from '../formats/escape.js';
import { plural } from '../formats/words.js';
import { diffKeys } from './diff.js';

/** Bars beyond this many runs would be too thin to read; older runs stay in the history folder. */
const CHART_MAX_RUNS = 60;

/** One environment in one run. */
export type TrendPoint =
  | { status: 'checked'; open: number; fresh: number; resolved: number }
  | { status: 'error' }
  /** The environment was not in that run's targets. */
  | { status: 'absent' };

export interface Trend {
  /** The runs shown, oldest first, each with a label no other run shares. */
  runs: Array<{ generatedAt: string; label: string }>;
  /** Per environment (in the order given), one point per run. */
  targets: Array<{ name: string; points: TrendPoint[] }>;
}

// From coarse to fine: the first format under which no two runs look the same labels them all.
const LABEL_FORMATS: Array<(iso: string) => string> = [
  (iso) => iso.slice(0, 10),
  (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`,
  (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`,
  (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 23)}`,
];

/**
 * Labels that tell runs apart: the day alone while every run has its own day, else down to the minute, second
 * or millisecond, as far as needed. Two runs of one day read `2026-11-24 02:00` and `2026-11-24 14:30`.
 */
export function runLabels(generatedAt: readonly string[]): string[] {
  for (const format of LABEL_FORMATS) {
    const labels = generatedAt.map(format);
    if (new Set(labels).size === labels.length) return labels;
  }
  return [...generatedAt];
}

/**
 * Per environment and run: its open findings, how many of them were new and how many went away since the
 * environment's previous checked run (a run in which it could not be checked is skipped, as in the report).
 */
export function buildTrend(history: readonly HistoryEntry[], names: readonly string[]): Trend {
  const runs = history.slice(-CHART_MAX_RUNS);
  const labels = runLabels(runs.map((run) => run.generatedAt));
  // The keys of each environment's latest checked run, starting before the window so its first bar is right.
  const lastKeys = new Map<string, string[]>();
  for (const run of history.slice(0, -CHART_MAX_RUNS)) for (const t of run.targets) if (t.status !== 'error') lastKeys.set(t.name, t.keys);
  const targets = names.map((name) => ({ name, points: [] as TrendPoint[] }));
  for (const run of runs) {
    for (const target of targets) {
      const entry = run.targets.find((t) => t.name === target.name);
      if (!entry) target.points.push({ status: 'absent' });
      else if (entry.status === 'error') target.points.push({ status: 'error' });
      else {
        const { added, resolved } = diffKeys(entry.keys, lastKeys.get(target.name) ?? []);
        target.points.push({ status: 'checked', open: entry.count, fresh: added.length, resolved: resolved.length });
        lastKeys.set(target.name, entry.keys);
      }
    }
  }
  return { runs: runs.map((run, i) => ({ generatedAt: run.generatedAt, label: labels[i]! })), targets };
}

const WIDTH = 320;
const HEIGHT = 150;
const PAD = { top: 16, right: 8, bottom: 30, left: 30 };

/** How a point reads in its tooltip and in the table of runs. */
export function describePoint(point: TrendPoint): string {
  if (point.status === 'absent') return 'not in this run';
  if (point.status === 'error') return 'could not be checked';
  return `${plural(point.open, 'finding')} (${point.fresh} new, ${point.resolved} resolved)`;
}

/**
 * An inline SVG chart of one environment: open findings as bars (carried over, then new on top), resolved ones
 * below the zero line, an orange dot where the environment could not be checked. The first, middle and last
 * runs are labelled on the axis; every bar's tooltip names its run.
 */
export function renderTrendSvg(name: string, points: readonly TrendPoint[], runs: Trend['runs']): string {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const checked = points.filter((p) => p.status === 'checked');
  const maxOpen = Math.max(1, ...checked.map((p) => p.open));
  const maxResolved = Math.max(0, ...checked.map((p) => p.resolved));
  // The zero line: at the bottom, or higher when something was resolved (a quarter of the plot hangs below).
  const below = maxResolved ? plotHeight * 0.25 : 0;
  const zero = PAD.top + plotHeight - below;
  const up = (value: number) => ((zero - PAD.top) * value) / maxOpen;
  const down = (value: number) => (maxResolved ? (below * value) / maxResolved : 0);
  const slot = plotWidth / Math.max(points.length, 1);
  const barWidth = Math.max(2, Math.min(24, slot * 0.7));
  const n = (value: number) => value.toFixed(1);

  const bars = points.map((point, i) => {
    if (point.status === 'absent') return '';
    const x = PAD.left + slot * i + (slot - barWidth) / 2;
    const title = `<title>${escapeHtml(`${name}, ${runs[i]!.label} UTC: ${describePoint(point)}`)}</title>`;
    if (point.status === 'error') return `<g class="run failed">${title}<circle cx="${n(x + barWidth / 2)}" cy="${n(zero - 5)}" r="4"/></g>`;
    const carried = point.open - point.fresh;
    const rect = (cls: string, top: number, height: number) => (height > 0 ? `<rect class="${cls}" x="${n(x)}" y="${n(top)}" width="${n(barWidth)}" height="${n(height)}"/>` : '');
    return [
      `<g class="run checked">${title}`,
      rect('carried', zero - up(carried), up(carried)),
      rect('new', zero - up(point.open), up(point.fresh)),
      rect('resolved', zero, down(point.resolved)),
      // A hit area over the whole slot, so a run with nothing to draw still shows its tooltip.
      `<rect class="hit" x="${n(PAD.left + slot * i)}" y="${PAD.top}" width="${n(slot)}" height="${n(plotHeight)}"/>`,
      '</g>',
    ].join('');
  });

  const ticks = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])].filter((i) => i >= 0 && points.length > 0);
  const anchor = (i: number) => (points.length === 1 ? 'middle' : i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle');
  const tickX = (i: number) => (points.length === 1 ? PAD.left + slot / 2 : i === 0 ? PAD.left : i === points.length - 1 ? WIDTH - PAD.right : PAD.left + slot * (i + 0.5));
  const axis = [
    `<line class="axis" x1="${PAD.left}" y1="${n(zero)}" x2="${WIDTH - PAD.right}" y2="${n(zero)}"/>`,
    `<text class="tick" x="${PAD.left - 5}" y="${PAD.top + 4}" text-anchor="end">${maxOpen}</text>`,
    `<text class="tick" x="${PAD.left - 5}" y="${n(zero + 4)}" text-anchor="end">0</text>`,
    maxResolved ? `<text class="tick resolved" x="${PAD.left - 5}" y="${n(zero + below)}" text-anchor="end">−${maxResolved}</text>` : '',
    // Labels alternate between two lines when three would crowd one.
    ...ticks.map((i, k) => `<text class="tick" x="${n(tickX(i))}" y="${HEIGHT - (ticks.length === 3 && k === 1 ? 4 : 16)}" text-anchor="${anchor(i)}">${escapeHtml(runs[i]!.label)}</text>`),
  ];
  const last = [...points].reverse().find((p) => p.status !== 'absent');
  const summary = `${name}: findings per run over ${plural(runs.length, 'run')}${last ? `; latest: ${describePoint(last)}` : ''}`;
  return [
    `<svg class="chart trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(summary)}">`,
    ...axis,
    ...bars,
    '</svg>',
  ].join('');
}
