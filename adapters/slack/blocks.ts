// The neutral message as Block Kit, with a plain-text fallback for notifications and old clients.
import { formatExpected, type Message, plainText } from '../../src/bot/message.ts';

// Block Kit's limits: 50 blocks, 3000 characters in a section, 150 in a header, 2000 in a button value.
const SECTION_MAX = 3000;

/** Slack's mrkdwn treats &, < and > as markup. */
export const escapeMrkdwn = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export type Block = { type: string; [key: string]: unknown };

export function toBlocks(message: Message, options: { withButtons: boolean }): Block[] {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(message.title, 150), emoji: false } },
  ];
  const mrkdwn = (text: string): Block => ({
    type: 'section',
    text: { type: 'mrkdwn', text: cut(text, SECTION_MAX) },
  });
  if (message.summary) blocks.push(mrkdwn(escapeMrkdwn(message.summary)));
  for (const h of message.hotspots ?? []) {
    const place = h.url ? `<${h.url}|${escapeMrkdwn(h.label)}>` : escapeMrkdwn(h.label);
    const reasons = h.reasons.map((r) => `\n• ${escapeMrkdwn(r)}`).join('');
    blocks.push(
      mrkdwn(`*${h.rank}.* ${place}: *${h.risk}* risk, ${formatExpected(h.expected)} expected${reasons}`),
    );
  }
  for (const s of message.sections ?? []) {
    const body = s.lines.map(escapeMrkdwn).join('\n');
    blocks.push(mrkdwn(s.title ? `*${escapeMrkdwn(s.title)}*\n${body}` : body));
  }
  if (message.footer?.length) {
    blocks.push({
      type: 'context',
      elements: message.footer
        .slice(0, 10)
        .map((f) => ({ type: 'mrkdwn', text: cut(escapeMrkdwn(f), 2000) })),
    });
  }
  if (options.withButtons && message.buttons?.length) {
    blocks.push({
      type: 'actions',
      elements: message.buttons
        .filter((b) => b.value.length <= 2000)
        .map((b) => ({
          type: 'button',
          text: { type: 'plain_text', text: cut(b.label, 75) },
          action_id: b.action,
          value: b.value,
        })),
    });
  }
  // A message carries at most 50 blocks: keep the head and the end (footer, buttons).
  return blocks.length > 50 ? [...blocks.slice(0, 47), ...blocks.slice(-3)] : blocks;
}

/** The fallback text Slack shows in notifications and where blocks cannot be drawn. */
export const fallbackText = (message: Message) => cut(plainText(message), 3000);
