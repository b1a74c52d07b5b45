// What every chat platform's adapter is to the rest of the program, and what it can do. The dispatcher
// reads the capabilities of the conversation it answers in; nothing else asks which platform it is.
import type { ChannelPoster } from './poster.ts';

export interface ChatCapabilities {
  /** Buttons under an answer ("Post to channel"); a terminal has none. */
  buttons: boolean;
  /** An answer only the asker sees can carry the map. */
  privateFiles: boolean;
  /** The longest value a button can carry (Discord's custom_id holds 100 characters with the action). */
  buttonValueMax: number;
}

/** A running adapter, as the composition root holds it. */
export interface ChatAdapter {
  readonly platform: string;
  readonly capabilities: ChatCapabilities;
  /** Posts into channels unasked: the scheduled briefings. */
  readonly poster: ChannelPoster;
  stop(): Promise<void>;
}
