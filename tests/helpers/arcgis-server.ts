// A loopback server that speaks enough of an ArcGIS FeatureServer for a feed: the layer's description
// (`?f=json`: fields, object id, edit-date field, maxRecordCount), and `/query` with `where` (1=1 or
// `FIELD >= TIMESTAMP '…'`), `orderByFields`, `resultOffset`/`resultRecordCount` paging with
// `exceededTransferLimit`, `returnIdsOnly`, `outFields`, and error objects in a 200 answer.
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeLoopback, listenLoopback } from './loopback.ts';

export interface Feature {
  attributes: Record<string, string | number | null>;
  geometry: { x: number; y: number };
}

export interface Layer {
  /** Fields besides the object id; dates hold epoch milliseconds. */
  fields: { name: string; type: 'esriFieldTypeString' | 'esriFieldTypeDate' | 'esriFieldTypeInteger' }[];
  editDateField?: string;
  maxRecordCount: number;
  features: Feature[];
}

/** Emits 'query' with each answered query's parameters and how many features it held. */
export class ArcgisServer extends EventEmitter {
  readonly layers = new Map<number, Layer>();
  /** Answer this many queries with an error object before answering again. */
  errors = 0;
  readonly queries: URLSearchParams[] = [];
  private server: Server | undefined;

  layerUrl(id: number): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/arcgis/rest/services/Incidents/FeatureServer/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const m = /^\/arcgis\/rest\/services\/Incidents\/FeatureServer\/(\d+)(\/query)?$/.exec(url.pathname);
      const layer = m ? this.layers.get(Number(m[1])) : undefined;
      if (!layer) return send({ error: { code: 400, message: 'Invalid URL', details: [] } });
      const p = url.searchParams;
      const fields = [{ name: 'OBJECTID', type: 'esriFieldTypeOID' }, ...layer.fields];
      if (!m![2])
        return send({
          id: Number(m![1]),
          name: 'Incidents',
          type: 'Feature Layer',
          geometryType: 'esriGeometryPoint',
          objectIdField: 'OBJECTID',
          fields,
          maxRecordCount: layer.maxRecordCount,
          ...(layer.editDateField ? { editFieldsInfo: { editDateField: layer.editDateField } } : {}),
        });
      this.queries.push(p);
      if (this.errors > 0) {
        this.errors--;
        return send({ error: { code: 500, message: 'Unable to complete operation.', details: [] } });
      }
      // `FIELD >= TIMESTAMP 'YYYY-MM-DD HH:MM:SS'` (UTC), or everything.
      const where = /^(\w+) >= TIMESTAMP '([\d-]+ [\d:]+)'$/.exec(p.get('where') ?? '1=1');
      if (!where && p.get('where') !== '1=1')
        return send({
          error: { code: 400, message: "'Invalid field: where' parameter is invalid", details: [] },
        });
      const since = where ? Date.parse(`${where[2]!.replace(' ', 'T')}Z`) : undefined;
      const order = (p.get('orderByFields') ?? 'OBJECTID ASC').split(',').map((f) => f.trim().split(' ')[0]!);
      const matching = layer.features
        .filter((f) => !where || Number(f.attributes[where[1]!]) >= since!)
        .sort((a, b) => {
          for (const f of order) {
            const c = Number(a.attributes[f]) - Number(b.attributes[f]);
            if (c !== 0) return c;
          }
          return 0;
        });
      if (p.get('returnIdsOnly') === 'true')
        return send({ objectIdFieldName: 'OBJECTID', objectIds: matching.map((f) => f.attributes.OBJECTID) });
      const offset = Number(p.get('resultOffset') ?? 0);
      const count = Math.min(
        Number(p.get('resultRecordCount') ?? layer.maxRecordCount),
        layer.maxRecordCount,
      );
      const page = matching.slice(offset, offset + count);
      const out = p.get('outFields') ?? '*';
      const geometry = p.get('returnGeometry') !== 'false';
      this.emit('query', { offset, features: page.length });
      send({
        objectIdFieldName: 'OBJECTID',
        geometryType: 'esriGeometryPoint',
        spatialReference: { wkid: 4326, latestWkid: 4326 },
        fields,
        features: page.map((f) => ({
          attributes:
            out === '*'
              ? f.attributes
              : Object.fromEntries(out.split(',').map((k) => [k, f.attributes[k] ?? null])),
          ...(geometry ? { geometry: f.geometry } : {}),
        })),
        ...(offset + page.length < matching.length ? { exceededTransferLimit: true } : {}),
      });
    });
    await listenLoopback(this.server);
  }

  stop(): Promise<void> {
    return closeLoopback(this.server);
  }
}
