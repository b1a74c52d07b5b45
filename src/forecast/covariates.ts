// Per-cell covariates an analyst loads (socio-economic, land use): a CSV keyed by H3 cell, or by
// lat/lon (rows in the same cell are averaged). Every other column must be numeric.
import { createReadStream } from 'node:fs';
import { latLngToCell } from 'h3-js';
import { UserError } from '../errors.ts';
import { readCsv } from '../ingest/formats/csv.ts';
import { normaliseName } from '../ingest/profiles.ts';
import type { Covariates } from './features.ts';
import type { StudyArea } from './study-area.ts';

export interface CovariateTable {
  names: string[];
  byCell: Map<string, Float64Array>;
}

export async function readCovariates(path: string, resolution: number): Promise<CovariateTable> {
  async function* text() {
    const decoder = new TextDecoder();
    for await (const chunk of createReadStream(path)) yield decoder.decode(chunk as Buffer, { stream: true });
  }
  let header: string[] | undefined;
  let cellAt = -1;
  let latAt = -1;
  let lonAt = -1;
  let valueColumns: number[] = [];
  const sums = new Map<string, { sum: Float64Array; n: number }>();
  for await (const events of readCsv(text())) {
    for (const e of events) {
      if ('error' in e) throw new UserError(`covariates line ${e.line}: ${e.error}`);
      if (!header) {
        header = e.fields.map(normaliseName);
        cellAt = header.indexOf('cell');
        latAt = header.indexOf('lat');
        lonAt = header.indexOf('lon');
        if (cellAt < 0 && (latAt < 0 || lonAt < 0))
          throw new UserError('covariates need a cell column, or lat and lon');
        valueColumns = header.map((_, i) => i).filter((i) => i !== cellAt && i !== latAt && i !== lonAt);
        if (valueColumns.length === 0) throw new UserError('the covariates file has no value columns');
        continue;
      }
      const cell =
        cellAt >= 0
          ? e.fields[cellAt]!.trim()
          : latLngToCell(Number(e.fields[latAt]), Number(e.fields[lonAt]), resolution);
      const values = Float64Array.from(valueColumns, (i) => Number(e.fields[i]));
      if (values.some((v) => !Number.isFinite(v)))
        throw new UserError(`covariates line ${e.line}: a value is not a number`);
      const entry = sums.get(cell) ?? { sum: new Float64Array(values.length), n: 0 };
      values.forEach((v, k) => {
        entry.sum[k]! += v;
      });
      entry.n++;
      sums.set(cell, entry);
    }
  }
  if (!header) throw new UserError('the covariates file is empty');
  const byCell = new Map([...sums].map(([cell, { sum, n }]) => [cell, sum.map((v) => v / n)]));
  return { names: valueColumns.map((i) => `cov_${header![i]}`), byCell };
}

/** Covariates for a study area's cells; NaN where the file says nothing. */
export function covariatesFor(table: CovariateTable, area: StudyArea): Covariates {
  const missing = new Float64Array(table.names.length).fill(Number.NaN);
  return { names: table.names, values: area.cells.map((c) => table.byCell.get(c) ?? missing) };
}
