// Briefing subscriptions: which channel gets which shifts' briefings, in which zone, with which filters.

import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, rowOf, wholeNumber } from '../db/rows.ts';
import type { subscriptions } from '../db/schema.ts';
import { storableJson } from '../db/storable.ts';
import { UserError } from '../errors.ts';
import { findShift, type ShiftDefinition, wordOf } from '../forecast/windows.ts';

export interface Subscription {
  id: number;
  platform: string;
  channelId: string;
  shifts: string[];
  timeZone: string;
  district: string | null;
  category: string | null;
  units: number;
  enabled: boolean;
  /** Shifts that started before this are not this subscription's to post. */
  createdAt: Date;
}

export type NewSubscription = Omit<Subscription, 'id' | 'enabled' | 'createdAt'> & { createdBy: string };

const subscriptionRow = rowOf<typeof subscriptions>()(
  z.object({
    id: wholeNumber,
    platform: z.string(),
    channelId: z.string(),
    shifts: z.array(z.string()),
    timeZone: z.string(),
    district: z.string().nullable(),
    category: z.string().nullable(),
    units: wholeNumber,
    enabled: z.boolean(),
    createdAt: z.date(),
  }),
) satisfies z.ZodType<Subscription>;

const COLUMNS = `id, platform, channel_id as "channelId", shifts, time_zone as "timeZone", district, category,
  units, enabled, created_at as "createdAt"`;

/**
 * "all", or shift start times ("06:00,22:00"), names ("06:00-14:00") or words ("day night"), as the
 * agency's shift names.
 */
export function parseShiftChoice(text: string, shifts: readonly ShiftDefinition[]): string[] {
  const wanted = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 1 && wanted[0]!.toLowerCase() === 'all') return shifts.map((s) => s.name);
  const out: string[] = [];
  for (const w of wanted) {
    const match =
      shifts.find((s) => s.name === w || s.name.startsWith(`${w}-`) || s.name.startsWith(`0${w}-`)) ??
      findShift(shifts, w);
    if (!match) {
      throw new UserError(
        `"${w.slice(0, 20)}" is not one of the shifts (${shifts.map((s) => `${s.name} ${wordOf(s)}`).join(', ')}); give start times like 06:00, a shift's word, or all`,
      );
    }
    if (!out.includes(match.name)) out.push(match.name);
  }
  if (out.length === 0) throw new UserError('name at least one shift, or all');
  return out;
}

/** Creates or replaces the channel's subscription (one per channel). */
export async function subscribe(database: Database, s: NewSubscription): Promise<Subscription> {
  const [row] = await decodedRows(
    database,
    subscriptionRow,
    `insert into subscriptions (platform, channel_id, shifts, time_zone, district, category, units, created_by)
     values ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8)
     on conflict (platform, channel_id) do update set shifts = excluded.shifts, time_zone = excluded.time_zone,
       district = excluded.district, category = excluded.category, units = excluded.units, enabled = true,
       updated_at = now()
     returning ${COLUMNS}`,
    [
      s.platform,
      s.channelId,
      storableJson(s.shifts),
      s.timeZone,
      s.district,
      s.category,
      s.units,
      s.createdBy,
    ],
  );
  return row!;
}

/** Whether there was a subscription to remove. */
export async function unsubscribe(database: Database, platform: string, channelId: string): Promise<boolean> {
  const rows = await database.query(
    'delete from subscriptions where platform = $1 and channel_id = $2 returning id',
    [platform, channelId],
  );
  return rows.length > 0;
}

export async function listSubscriptions(database: Database, platform?: string): Promise<Subscription[]> {
  return platform
    ? decodedRows(
        database,
        subscriptionRow,
        `select ${COLUMNS} from subscriptions where platform = $1 order by id`,
        [platform],
      )
    : decodedRows(database, subscriptionRow, `select ${COLUMNS} from subscriptions order by id`);
}
