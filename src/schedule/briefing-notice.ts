// What a subscribed channel reads when its briefing could not be made: one short message at the shift's
// start rather than silence, so that a supervisor knows to ask by hand and, where the subscription
// itself is at fault (a district the boundaries no longer have), how to mend it.
import type { Message } from '../bot/message.ts';
import type { Subscription } from '../briefing/subscriptions.ts';
import type { Database } from '../db/client.ts';
import { isUserError } from '../errors.ts';
import { type ForecastWindow, windowHeadline } from '../forecast/windows.ts';
import { districtNamed } from '../geo/district-tag.ts';
import { listDistricts } from '../geo/districts.ts';

const sentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/** True when the subscription names a district that no stored incident names now. */
const districtGone = async (database: Database, subscription: Subscription): Promise<boolean> =>
  subscription.district !== null && !(await listDistricts(database)).includes(subscription.district);

/**
 * The notice for a briefing that could not be composed. A user error says why in its own words; any
 * other fault is named by `reference` (the run), which the server log holds beside the error.
 */
export async function briefingNotice(
  database: Database,
  subscription: Subscription,
  window: ForecastWindow,
  error: unknown,
  reference: string,
): Promise<Message> {
  const lines: string[] = [];
  // A lookup that fails as well leaves the notice without the hint, not the channel without a notice.
  const gone = await districtGone(database, subscription).catch(() => false);
  if (gone) {
    const district = districtNamed(subscription.district!);
    lines.push(
      `This channel is subscribed for ${district}, which no incident names now (the districts have changed). /briefing subscribe with a district of the new boundaries, or none, sets it again.`,
    );
  } else if (isUserError(error)) {
    lines.push(sentence(error.message));
  } else {
    lines.push(`It could not be made on our side. Reference ${reference}: the team can look it up.`);
  }
  return {
    title: `No briefing for the ${windowHeadline(window)}`,
    summary: lines.join('\n'),
    footer: ['/briefing now asks for it by hand; /briefing list shows what this channel gets.'],
    tone: 'warning',
  };
}
