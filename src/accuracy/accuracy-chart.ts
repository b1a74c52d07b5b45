// The month's chart: the served forecast's hit rate at 5% of places, day by day (each point pooled over
// the seven days to it), beside the simple methods'. Drawn large enough to read on a phone, in colours
// and dash patterns that survive greyscale printing.
import sharp from 'sharp';
import { escapeXml } from '../maps/escape.ts';
import type { SeriesPoint } from './monthly-report.ts';

const WIDTH = 960;
const HEIGHT = 600;
const PAD = { left: 96, right: 32, top: 110, bottom: 120 };
const FONT = 'DejaVu Sans, sans-serif';

const LINES: { name: string; label: string; colour: string; width: number; dash?: string }[] = [
  { name: 'served', label: 'the forecast as served', colour: '#0b3d91', width: 6 },
  { name: 'ewma', label: 'weighted count (ewma)', colour: '#d95f02', width: 4, dash: '14 8' },
  { name: 'naive', label: 'count of the last year', colour: '#666666', width: 4, dash: '4 6' },
];

const text = (x: number, y: number, content: string, size: number, extra = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT}" font-size="${size}" fill="#111111" ${extra}>${escapeXml(content)}</text>`;

export function accuracyChartSvg(title: string, points: readonly SeriesPoint[]): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const values = points.flatMap((p) =>
    LINES.map((l) => p.rates[l.name]).filter((v): v is number => v !== null && v !== undefined),
  );
  // The scale rounds up to the next 10%, so that the lines sit in the plot, not on its edge.
  const top = Math.max(0.1, Math.ceil((Math.max(0, ...values) + 0.001) * 10) / 10);
  const x = (i: number) => PAD.left + (points.length <= 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const parts: string[] = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    text(PAD.left, 44, title, 28, 'font-weight="bold"'),
    text(PAD.left, 82, 'Share of incidents in the 5% of places ranked highest, pooled over 7 days', 20),
  ];
  for (let k = 0; k <= 4; k++) {
    const v = (top * k) / 4;
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#cccccc" stroke-width="1"/>`,
      text(PAD.left - 12, y(v) + 7, `${Math.round(v * 100)}%`, 20, 'text-anchor="end"'),
    );
  }
  // A date label every week or so.
  const step = Math.max(1, Math.ceil(points.length / 5));
  points.forEach((p, i) => {
    if (i % step === 0 || i === points.length - 1)
      parts.push(text(x(i), PAD.top + plotH + 30, p.date.slice(5), 20, 'text-anchor="middle"'));
  });
  for (const line of [...LINES].reverse()) {
    const segments: string[] = [];
    let current: string[] = [];
    points.forEach((p, i) => {
      const v = p.rates[line.name];
      if (v === null || v === undefined) {
        if (current.length > 0) segments.push(current.join(' '));
        current = [];
        return;
      }
      current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    if (current.length > 0) segments.push(current.join(' '));
    for (const s of segments)
      parts.push(
        `<polyline points="${s}" fill="none" stroke="${line.colour}" stroke-width="${line.width}" stroke-linejoin="round"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''}/>`,
      );
  }
  // The legend under the plot, one entry per method.
  const legendY = HEIGHT - 40;
  let lx = PAD.left;
  for (const line of LINES) {
    parts.push(
      `<line x1="${lx}" x2="${lx + 44}" y1="${legendY - 7}" y2="${legendY - 7}" stroke="${line.colour}" stroke-width="${line.width}"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''}/>`,
      text(lx + 52, legendY, line.label, 19),
    );
    lx += 52 + line.label.length * 11 + 28;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`;
}

export async function accuracyChart(title: string, points: readonly SeriesPoint[]): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(Buffer.from(accuracyChartSvg(title, points)))
      .png()
      .toBuffer(),
  );
}
