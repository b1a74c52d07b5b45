// The month's chart: the served forecast's hit rate at 5% of places, day by day (each point pooled over
// the seven days to it), beside the simple methods'. Drawn large enough to read on a phone, in colours
// and dash patterns that survive greyscale printing.
import sharp from 'sharp';
import { escapeXml } from '../maps/escape.ts';
import type { SeriesPoint } from './monthly-report.ts';

// 720 pixels wide, as the maps are: on a phone it shows at about half size, so no text is under 22 px.
const WIDTH = 720;
const HEIGHT = 720;
const PAD = { left: 92, right: 44, top: 150, bottom: 200 };
const FONT = 'DejaVu Sans, sans-serif';

const LINES: { name: string; label: string; colour: string; width: number; dash?: string }[] = [
  { name: 'served', label: 'forecast as served', colour: '#0b3d91', width: 6 },
  { name: 'ewma', label: 'weighted count', colour: '#d95f02', width: 4, dash: '14 8' },
  { name: 'naive', label: "last year's count", colour: '#666666', width: 4, dash: '4 6' },
];

const text = (x: number, y: number, content: string, size: number, extra = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT}" font-size="${size}" fill="#111111" ${extra}>${escapeXml(content)}</text>`;

export function accuracyChartSvg(title: string, points: readonly SeriesPoint[]): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const values = points.flatMap((p) =>
    LINES.map((l) => p.rates[l.name]).filter((v): v is number => v !== null && v !== undefined),
  );
  // The scale rounds up to the next 10% (20% past 50%), so that the lines sit in the plot, not on its
  // edge, and every grid line reads as a round share.
  const highest = Math.max(0, ...values) + 0.001;
  const step = highest > 0.5 ? 0.2 : 0.1;
  const top = Math.max(step, Math.ceil(highest / step) * step);
  const x = (i: number) => PAD.left + (points.length <= 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const parts: string[] = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    text(24, 46, title, 30, 'font-weight="bold"'),
    text(24, 84, 'Share of incidents in the top 5% of places,', 22),
    text(24, 114, 'each day pooled with the 6 days before it', 22),
  ];
  for (let k = 0; k * step <= top + 1e-9; k++) {
    const v = k * step;
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#cccccc" stroke-width="1"/>`,
      text(PAD.left - 12, y(v) + 8, `${Math.round(v * 100)}%`, 22, 'text-anchor="end"'),
    );
  }
  // A date label every week or so; the last day too, unless it would touch the label before it.
  const every = Math.max(1, Math.ceil(points.length / 4));
  const labelled = points.map((_, i) => i).filter((i) => i % every === 0);
  const lastIndex = points.length - 1;
  if (lastIndex > 0 && !labelled.includes(lastIndex)) {
    if (x(lastIndex) - x(labelled.at(-1)!) < 100) labelled.pop();
    labelled.push(lastIndex);
  }
  // Kept whole inside the image: a label is about 70 px wide.
  for (const i of labelled)
    parts.push(
      text(
        Math.min(x(i), WIDTH - 38),
        PAD.top + plotH + 32,
        points[i]!.date.slice(5),
        22,
        'text-anchor="middle"',
      ),
    );
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
  // The legend under the plot, one method a line.
  LINES.forEach((line, k) => {
    const ly = PAD.top + plotH + 84 + k * 36;
    parts.push(
      `<line x1="24" x2="84" y1="${ly - 8}" y2="${ly - 8}" stroke="${line.colour}" stroke-width="${line.width}"${line.dash ? ` stroke-dasharray="${line.dash}"` : ''}/>`,
      text(98, ly, line.label, 22),
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`;
}

export async function accuracyChart(title: string, points: readonly SeriesPoint[]): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(Buffer.from(accuracyChartSvg(title, points)))
      .png()
      .toBuffer(),
  );
}
