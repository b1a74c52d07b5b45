// The neutral message model: what a command answers with. Each adapter renders it its own way (Block
// Kit, a Discord embed, plain text), so a command never knows which platform asked.

/** Expected incidents as people read them: two decimals, and "<0.01" rather than a misleading 0.00. */
export const formatExpected = (x: number): string => (x > 0 && x < 0.01 ? '<0.01' : x.toFixed(2));

export type Visibility = 'ephemeral' | 'channel';

export interface HotspotItem {
  rank: number;
  label: string;
  /** A link to the place on a map. */
  url?: string;
  risk: string;
  expected: number;
  reasons: string[];
}

export interface Section {
  title?: string;
  lines: string[];
}

export interface Image {
  png: Uint8Array;
  filename: string;
  /** What the image shows, for screen readers and text-only clients. */
  alt: string;
}

/**
 * A button that runs a command for whoever presses it ("Visited Z1"): its value is the command and
 * its words, as if typed, e.g. "visited Z1 at=2026-06-01T22:00".
 */
export const COMMAND_ACTION = 'run';

export interface Button {
  label: string;
  /** The action an adapter routes back to the dispatcher. */
  action: string;
  value: string;
}

export interface Message {
  title: string;
  /** One or two lines under the title. */
  summary?: string;
  /** What to act on first (the units' zones): before the map and the list. */
  lead?: Section[];
  /** The line above the list of places: what the numbers mean. */
  listTitle?: string;
  hotspots?: HotspotItem[];
  sections?: Section[];
  image?: Image;
  buttons?: Button[];
  /** Small print: data freshness, model, responsible use. */
  footer?: string[];
  tone?: 'info' | 'warning' | 'error';
  /**
   * Options that pin what the answer resolved to (the shift "next" meant when it was asked), so that
   * sharing it posts the same answer; null clears an option. Never shown.
   */
  pinned?: Record<string, string | number | boolean | null>;
}

/** One place on one line: its name, its risk, what it expects, and its strongest reason. */
export const hotspotLine = (h: HotspotItem, label = h.label): string =>
  `${label}: ${h.risk}, ${formatExpected(h.expected)}${h.reasons[0] ? ` · ${h.reasons[0]}` : ''}`;

const sectionText = (s: Section): string[] => [
  ...(s.title ? [`${s.title}:`] : []),
  ...s.lines.map((l) => (s.title ? `  ${l}` : l)),
];

/** The message as plain text: the console's, the command line's and every platform's fallback. */
export function plainText(message: Message): string {
  const lines: string[] = [message.title];
  if (message.summary) lines.push(message.summary);
  for (const s of message.lead ?? []) lines.push(...sectionText(s));
  if (message.listTitle) lines.push('', message.listTitle);
  for (const h of message.hotspots ?? []) lines.push(`${String(h.rank).padStart(2)}. ${hotspotLine(h)}`);
  for (const s of message.sections ?? []) lines.push('', ...sectionText(s));
  if (message.footer?.length) lines.push('', ...message.footer);
  return lines.join('\n');
}
