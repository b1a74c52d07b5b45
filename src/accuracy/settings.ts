// What live scoring and drift reporting need from the configuration, in one object.
import type { Config } from '../config.ts';
import { DEFAULT_DRIFT, type DriftSettings } from './drift.ts';
import { DEFAULT_SCORING, type ScoringSettings } from './score-served.ts';

export interface AccuracySettings {
  scoring: ScoringSettings;
  drift: DriftSettings;
  /** Where the monthly report is posted; undefined: the admin channel. */
  reportChannel?: { platform: string; channelId: string } | undefined;
}

export const DEFAULT_ACCURACY: AccuracySettings = { scoring: DEFAULT_SCORING, drift: DEFAULT_DRIFT };

export const accuracySettings = (config: Pick<Config, 'accuracy'>): AccuracySettings => ({
  scoring: DEFAULT_SCORING,
  drift: { ...DEFAULT_DRIFT, margin: config.accuracy.driftMargin },
  reportChannel: config.accuracy.reportChannel,
});
