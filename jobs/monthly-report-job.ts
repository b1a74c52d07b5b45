// On the 1st, last month's accuracy report is posted, with its chart, to the report channel (the
// admin channel when none is set).
import { lastEndedMonth, monthlyReport } from '../src/accuracy/monthly-report.ts';
import { monthlyMessage } from '../src/accuracy/monthly-text.ts';
import type { AccuracyJobDeps } from './scoring-job.ts';

export async function postMonthlyReport(deps: AccuracyJobDeps, now: Date): Promise<Record<string, unknown>> {
  const channel = deps.accuracy.reportChannel ?? deps.adminChannel;
  const month = lastEndedMonth(now, deps.forecasting.timeZone);
  if (!channel) return { month, skipped: 'no report or admin channel is set' };
  const poster = deps.posters.get(channel.platform);
  if (!poster) return { month, skipped: `${channel.platform} is not connected` };
  const report = await monthlyReport(deps.database, deps.forecasting, deps.accuracy, month, now);
  await poster.post(channel.channelId, await monthlyMessage(report, deps.forecasting.fairness));
  return {
    month,
    posted: `${channel.platform}:${channel.channelId}`,
    windows: report.coverage.windowsScored,
  };
}
