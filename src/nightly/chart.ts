import type { HistoryEntry } from './history.js';
import { escapeHtml } from '../report/escape.js';
import { plural } from '../report/words.js';
import { when } from './format.js';

/** Bars beyond this many nights would be too thin to read; older runs stay in the history folder. */
const CHART_MAX_RUNS = 60;

export interface ChartPoint {
  generatedAt: string;
  /** Findings over the targets that were checked that night. */
  total: number;
  /** Targets that could not be checked that night. */
  failed: number;
  detail: string;
}

export function chartPoints(history: readonly HistoryEntry[]): ChartPoint[] {
  return history.slice(-CHART_MAX_RUNS).map((run) => {
    const checked = run.targets.filter((t) => t.status !== 'error');
    return {
      generatedAt: run.generatedAt,
      total: checked.reduce((sum, t) => sum + t.count, 0),
      failed: run.targets.length - checked.length,
      detail: run.targets.map((t) => `${t.name} ${t.status === 'error' ? 'not checked' : t.count}`).join(', '),
    };
  });
}

const WIDTH = 640;
const HEIGHT = 190;
const PAD = { top: 30, right: 12, bottom: 30, left: 34 };

const day = (iso: string) => iso.slice(0, 10);

/** An inline SVG bar chart of findings per run; a run with unreachable targets gets an orange mark. */
export function renderChartSvg(points: readonly ChartPoint[]): string {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(1, ...points.map((p) => p.total));
  const slot = plotWidth / Math.max(points.length, 1);
  const barWidth = Math.max(2, Math.min(40, slot * 0.7));
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const bars = points.map((point, i) => {
    const x = PAD.left + slot * i + (slot - barWidth) / 2;
    const top = y(point.total);
    const label = `${when(point.generatedAt)}: ${plural(point.total, 'finding')} (${point.detail})${point.failed ? `; ${plural(point.failed, 'target')} not checked` : ''}`;
    const mark = point.failed ? `<circle class="failed" cx="${(x + barWidth / 2).toFixed(1)}" cy="${(top - 8).toFixed(1)}" r="3.5"/>` : '';
    const value = points.length <= 31 ? `<text class="value" x="${(x + barWidth / 2).toFixed(1)}" y="${(top - (point.failed ? 14 : 4)).toFixed(1)}">${point.total}</text>` : '';
    return `<g class="run"><title>${escapeHtml(label)}</title><rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(PAD.top + plotHeight - top).toFixed(1)}"/>${mark}${value}</g>`;
  });
  const first = points[0];
  const last = points.at(-1);
  const axis = [
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top + plotHeight}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotHeight}"/>`,
    `<text class="tick" x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end">${max}</text>`,
    `<text class="tick" x="${PAD.left - 6}" y="${PAD.top + plotHeight}" text-anchor="end">0</text>`,
    first ? `<text class="tick" x="${PAD.left}" y="${HEIGHT - 10}">${day(first.generatedAt)}</text>` : '',
    last && last !== first ? `<text class="tick" x="${WIDTH - PAD.right}" y="${HEIGHT - 10}" text-anchor="end">${day(last.generatedAt)}</text>` : '',
  ];
  const summary = `Findings per run over ${plural(points.length, 'run')}${last ? `; latest ${last.total}` : ''}`;
  return [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(summary)}">`,
    ...axis,
    ...bars,
    '</svg>',
  ].join('');
}
