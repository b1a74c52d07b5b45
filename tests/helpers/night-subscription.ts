// A Slack channel subscribed to Chicago's night shift since 1 May 2026 (before the demo's clock), so
// that the scheduler owes it tonight's briefing.
import { subscribe } from '../../src/briefing/subscriptions.ts';
import type { Database } from '../../src/db/client.ts';

export async function subscribedToNights(
  database: Database,
  channelId: string,
  units: number,
  district: string | null = null,
) {
  const subscription = await subscribe(database, {
    platform: 'slack',
    channelId,
    shifts: ['22:00-06:00'],
    timeZone: 'America/Chicago',
    district,
    category: null,
    units,
    createdBy: 'slack:U1',
  });
  await database.query('update subscriptions set created_at = $1 where id = $2', [
    '2026-05-01T00:00:00Z',
    subscription.id,
  ]);
  return subscription;
}
