// Exports that list an event once per offence (Seattle's, Denver's, Toronto's) repeat its id on
// consecutive rows. The event is stored once, as its most serious offence, so a burglary listed after
// a drug charge of the same report still counts as a burglary (and is not left out with the drugs).
import type { Category } from './categories.ts';
import type { StagedIncident } from './store.ts';

// The FBI's hierarchy rule (homicide, rape, robbery, aggravated assault, burglary, larceny, motor
// vehicle theft, then arson), and the rest by the harm they do.
const SERIOUSNESS: readonly Category[] = [
  'homicide',
  'sex_offense',
  'robbery',
  'assault',
  'burglary',
  'theft',
  'vehicle_theft',
  'arson',
  'weapons',
  'vandalism',
  'fraud',
  'drugs',
  'disorder',
  'traffic',
  'other',
];
const RANK = new Map(SERIOUSNESS.map((c, i) => [c, i]));

/** How serious an offence of this category is: higher is graver (1 to 15). */
export const seriousness = (category: Category): number => SERIOUSNESS.length - RANK.get(category)!;

/** Rows on their way to the store, an event's consecutive offences folded into its most serious. */
export class EventRows {
  private rows: StagedIncident[] = [];
  /** Rows folded into the row before them. */
  folded = 0;
  /** Of those, rows of another offence than the row they were folded into. */
  otherOffences = 0;

  get length(): number {
    return this.rows.length;
  }

  push(row: StagedIncident): void {
    const last = this.rows[this.rows.length - 1];
    if (last?.externalId !== row.externalId) {
      this.rows.push(row);
      return;
    }
    this.folded++;
    if (row.category !== last.category) this.otherOffences++;
    // On a tie the first row stays, as a repeated id's first row always has.
    if (RANK.get(row.category)! < RANK.get(last.category)!) this.rows[this.rows.length - 1] = row;
  }

  /** The rows so far; the last is held back unless `all`, since the next row may be of its event. */
  take(all: boolean): StagedIncident[] {
    const held = all ? undefined : this.rows.pop();
    const taken = this.rows;
    this.rows = held ? [held] : [];
    return taken;
  }
}
