// npm run bench:map
// Median and maximum render time of a hotspot map (demo city, ~150 drawn cells, 10 ranks, 4 zones),
// rendered in the worker as the bot renders it: without a basemap, on a loopback tile server, and
// with tile servers that refuse connections, fail, or never answer (3 s tile deadline).
import { MapRenderer } from '../../src/maps/renderer.ts';
import type { MapSpec } from '../../src/maps/spec.ts';
import { startTileServer, type TileMode } from '../helpers/tile-server.ts';
import { demoSpec } from '../maps/fixtures.ts';
import { line } from './shared.ts';

const RENDERS = 9;
const DEADLINE = 3000;
const renderer = new MapRenderer({ timeoutMs: DEADLINE + 15_000, cacheSize: 1 });

async function measure(scenario: string, spec: MapSpec) {
  await renderer.render(spec); // warm-up: the worker starts
  const times: number[] = [];
  let basemap = '';
  for (let i = 0; i < RENDERS; i++) {
    const started = performance.now();
    const map = await renderer.render(spec);
    times.push(performance.now() - started);
    basemap = map.basemap;
  }
  times.sort((a, b) => a - b);
  line({
    scenario,
    renders: RENDERS,
    medianMs: Math.round(times[Math.floor(RENDERS / 2)]!),
    maxMs: Math.round(times.at(-1)!),
    basemap,
    cells: spec.cells.length,
    size: `${spec.width}x${spec.height}`,
  });
}

try {
  await measure('no basemap', demoSpec());
  const scenarios: [string, TileMode][] = [
    ['loopback tile server', 'ok'],
    ['tile server refuses connections', 'refuse'],
    ['tile server answers 500', 'fail'],
    ['tile server never answers', 'hang'],
  ];
  for (const [scenario, mode] of scenarios) {
    const server = await startTileServer(mode);
    try {
      await measure(
        scenario,
        demoSpec({ tiles: { url: server.url, attribution: '© test tiles', deadlineMs: DEADLINE } }),
      );
    } finally {
      await server.close();
    }
  }
} finally {
  await renderer.close();
}
