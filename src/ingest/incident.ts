import type { Category, Origin, TimePrecision } from './categories.ts';

/** An incident in patrolcast's one shape, whatever the source's export looked like. */
export interface CanonicalIncident {
  externalId: string;
  occurredAt: Date;
  timePrecision: TimePrecision;
  category: Category;
  rawType: string | null;
  lat: number;
  lon: number;
  district: string | null;
  /** The hundred block as the source publishes it ("9600 block of Marlive Ln"), when it does. */
  block?: string | null;
  origin: Origin;
}
