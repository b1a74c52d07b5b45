// An ArcGIS layer's query saved as a file ("f=json"): { spatialReference, fields, features: [{ attributes,
// geometry: { x, y } }] }. Its points are in the layer's own coordinate system unless the query asked
// for another, so the document's spatialReference says how to read them.

// Web Mercator's names before EPSG gave it 3857.
const WEB_MERCATOR = new Set([102100, 102113, 900913]);

/** The coordinate system an Esri JSON document's head declares ('EPSG:n'), or undefined. */
export function esriCrs(head: string): string | undefined {
  // Before the features: a feature's own geometry never carries one in a query's answer.
  const features = head.indexOf('"features"');
  const at = head.indexOf('"spatialReference"');
  if (at === -1 || (features !== -1 && features < at)) return undefined;
  const body = /^"spatialReference"\s*:\s*\{([^}]*)\}/.exec(head.slice(at))?.[1];
  if (!body) return undefined;
  const wkid = (name: string) => Number(new RegExp(`"${name}"\\s*:\\s*(\\d+)`).exec(body)?.[1] ?? Number.NaN);
  // The latest id is the EPSG code where the first is Esri's own (102738 is EPSG:2276).
  const code = Number.isNaN(wkid('latestWkid')) ? wkid('wkid') : wkid('latestWkid');
  if (Number.isNaN(code) || code === 4326) return undefined;
  return `EPSG:${WEB_MERCATOR.has(code) ? 3857 : code}`;
}

/** An Esri feature's attributes and point, or undefined for anything else. */
export function esriFeature(
  object: Record<string, unknown>,
): { attributes: Record<string, unknown>; point?: [number, number] } | undefined {
  const attributes = object.attributes;
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes) || 'type' in object)
    return undefined;
  const g = object.geometry as { x?: unknown; y?: unknown } | null | undefined;
  const point: [number, number] | undefined =
    typeof g?.x === 'number' && typeof g.y === 'number' ? [g.x, g.y] : undefined;
  return { attributes: attributes as Record<string, unknown>, ...(point ? { point } : {}) };
}
