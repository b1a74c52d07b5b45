// A briefing as plain text, for the command line: the same words as every chat answer.
import { plainText } from '../bot/message.ts';
import { BRIEFING_TITLES, type Briefing } from './compose.ts';
import { briefingMessage } from './message.ts';

export const briefingText = (b: Briefing): string =>
  plainText(briefingMessage(b, { title: BRIEFING_TITLES[b.window.kind] }));
