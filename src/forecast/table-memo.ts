// Values worked out once per incident table and key: what a cell's place on the grid gives (its rings,
// area, centre) is the same in every study area drawn from a table, and a backtest draws one per refit.
// Kept as long as the table is; read only.
import type { IncidentTable } from './history.ts';

export function tableMemo<T>(): (table: IncidentTable, key: string, make: () => T) => T {
  const byTable = new WeakMap<IncidentTable, Map<string, T>>();
  return (table, key, make) => {
    let byKey = byTable.get(table);
    if (!byKey) {
      byKey = new Map();
      byTable.set(table, byKey);
    }
    let found = byKey.get(key);
    if (found === undefined) {
      found = make();
      byKey.set(key, found);
    }
    return found;
  };
}
