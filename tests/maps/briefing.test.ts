import { expect, test } from 'vitest';
import { composeBriefing, RESPONSIBLE_USE } from '../../src/briefing/compose.ts';
import { briefingText } from '../../src/briefing/text.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { authorised, bodyOf, TEST_FORECAST_SETTINGS as settings, testApi } from '../helpers/api.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { DEMO_NOW, trainedDemo } from '../helpers/trained-demo.ts';

const now = DEMO_NOW;

describeEachDatabase('the shift briefing', (kind) => {
  test('for the demo city it says DEMO DATA, lists places with reasons and links, zones, changes and freshness', async () => {
    const database = await trainedDemo(kind);
    const window = resolveWindow('tonight', now, settings);
    const b = await composeBriefing(database, settings, {
      window,
      category: 'all',
      top: 10,
      units: 3,
      agencyName: 'Metro PD',
    });
    expect(b.demo).toBe(true);
    expect(b.area).toBe('Demo City (synthetic)');
    expect(b.title).toBe('Shift briefing: Demo City (synthetic)');
    expect(b.places.map((p) => p.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Named by the demo city's made-up streets, with the district.
    expect(b.places[0]!.label).toMatch(
      /^\d+00 block of \w+ (St|Ave)(, near \w+ (St|Ave))? \(District \w+\)$/,
    );
    expect(b.places[0]!.osmUrl).toMatch(
      /^https:\/\/www\.openstreetmap\.org\/\?mlat=39\.\d{5}&mlon=-98\.\d{5}&zoom=18$/,
    );
    expect(b.places[0]!.risk).toBe('very high');
    expect(b.places[0]!.reasons.length).toBeGreaterThan(0);
    expect(b.zones).toHaveLength(3);
    // Tonight's shift starts at 22:00; the one before it is the afternoon shift.
    expect(b.changes.comparedWith).toBe('Monday 2026-06-01 14:00–22:00');
    expect(b.freshness.newestIncident).toMatch(/^2026-06-01T0/);
    expect(b.model.version).toBe(1);
    expect(b.model.hitRateAt5).toBeGreaterThan(0);
    expect(b.responsibleUse).toBe(RESPONSIBLE_USE);
    const text = briefingText(b);
    expect(text.split('\n')[0]).toMatch(/^DEMO DATA · Shift briefing · /);
    expect(text).toContain(RESPONSIBLE_USE);
  });

  test('GET /v1/hotspots.geojson: the forecast as closed cell polygons, and only with the token', async () => {
    const database = await trainedDemo(kind);
    const api = testApi(database);
    expect((await api.request('/v1/hotspots.geojson')).status).toBe(401);
    expect((await api.request('/v1/hotspots.geojson?when=someday', { headers: authorised() })).status).toBe(
      400,
    );
    const response = await api.request('/v1/hotspots.geojson?when=tonight&top=25', { headers: authorised() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/geo+json');
    const geo = await bodyOf(response);
    const features = geo.features as {
      geometry: { coordinates: number[][][] };
      properties: Record<string, unknown>;
    }[];
    expect(geo.type).toBe('FeatureCollection');
    expect(features).toHaveLength(25);
    const ring = features[0]!.geometry.coordinates[0]!;
    expect(ring[0]).toEqual(ring.at(-1));
    expect(features[0]!.properties).toMatchObject({ rank: 1, demo: true, category: 'all', model_version: 1 });
  });
});
