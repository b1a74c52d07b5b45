// The neutral message as Block Kit, with a plain-text fallback for notifications and old clients.
import { hotspotLine, type Message, type Section } from '../../src/bot/message.ts';

// Block Kit's limits: 50 blocks, 3000 characters in a section, 150 in a header, 2000 in a button value.
const SECTION_MAX = 3000;

/** Slack's mrkdwn treats &, < and > as markup. */
export const escapeMrkdwn = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export type Block = { type: string; [key: string]: unknown };

export interface BlockOptions {
  /** A map uploaded to Slack (privately, for an answer only the asker sees), drawn after the zones. */
  mapFileId?: string;
}

export function toBlocks(message: Message, options: BlockOptions = {}): Block[] {
  const mrkdwn = (text: string): Block => ({
    type: 'section',
    text: { type: 'mrkdwn', text: cut(text, SECTION_MAX) },
  });
  const section = (s: Section) => {
    const body = s.lines.map(escapeMrkdwn).join('\n');
    return mrkdwn(s.title ? `*${escapeMrkdwn(s.title)}*\n${body}` : body);
  };
  // An answer that is only a line (a refusal, a warning) reads as a line, not as a headline.
  const bare = !message.summary && !message.hotspots?.length && !message.sections?.length && !message.lead;
  if (bare && message.tone !== 'info' && message.tone !== undefined) {
    return [mrkdwn(`:warning: ${escapeMrkdwn(message.title)}`), ...buttonsOf(message)];
  }
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(message.title, 150), emoji: false } },
  ];
  if (message.summary) blocks.push(mrkdwn(escapeMrkdwn(message.summary)));
  for (const s of message.lead ?? []) blocks.push(section(s));
  if (options.mapFileId && message.image) {
    blocks.push({
      type: 'image',
      slack_file: { id: options.mapFileId },
      alt_text: cut(message.image.alt, 2000),
    });
  }
  // The list in one section per ten places: each line is short, and a section holds 3000 characters.
  const lines = (message.hotspots ?? []).map((h) =>
    hotspotLine(
      { ...h, risk: `*${h.risk}*`, reasons: h.reasons.map(escapeMrkdwn) },
      `*${h.rank}.* ${h.url ? `<${h.url}|${escapeMrkdwn(h.label)}>` : escapeMrkdwn(h.label)}`,
    ),
  );
  if (message.listTitle) lines.unshift(`*${escapeMrkdwn(message.listTitle)}*`);
  for (let i = 0; i < lines.length; i += 10) blocks.push(mrkdwn(lines.slice(i, i + 10).join('\n')));
  for (const s of message.sections ?? []) blocks.push(section(s));
  if (message.footer?.length) {
    blocks.push({
      type: 'context',
      elements: message.footer
        .slice(0, 10)
        .map((f) => ({ type: 'mrkdwn', text: cut(escapeMrkdwn(f), 2000) })),
    });
  }
  blocks.push(...buttonsOf(message));
  // A message carries at most 50 blocks: keep the head and the end (footer, buttons).
  return blocks.length > 50 ? [...blocks.slice(0, 47), ...blocks.slice(-3)] : blocks;
}

/** The notification's one line (where blocks cannot be drawn, Slack shows the blocks' text instead). */
export const fallbackText = (message: Message) =>
  cut(`${message.title}${message.summary ? ` · ${message.summary.split('\n')[0]}` : ''}`, 300);

function buttonsOf(message: Message): Block[] {
  if (!message.buttons?.length) return [];
  return [
    {
      type: 'actions',
      // Slack wants each action_id once per block: the second "run" is "run.1", and so on.
      elements: message.buttons
        .filter((b) => b.value.length <= 2000)
        .slice(0, 25)
        .map((b, i, all) => ({
          type: 'button',
          text: { type: 'plain_text', text: cut(b.label, 75) },
          action_id: all.findIndex((o) => o.action === b.action) === i ? b.action : `${b.action}.${i}`,
          value: b.value,
        })),
    },
  ];
}
