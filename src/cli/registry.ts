// Every subcommand, named and described here so that `patrolcast --help` lists them without loading any:
// a command's module (and the libraries it needs: the database, models, maps, chat SDKs) is imported
// only when that command runs. The modules declare the same names and descriptions; a test keeps the two
// in step.
import type { Command } from 'commander';
import type { Companion } from '../main.ts';

export type Register = (program: Command, companions: Companion[]) => void;

export interface CliCommand {
  name: string;
  /** As the command list shows it after the name ("[options] <files...>"). */
  usage: string;
  description: string;
  /** The module that registers it (with its options and action); several commands may share one. */
  load: () => Promise<Register>;
}

const server = () =>
  import('./server-commands.ts').then(
    (m): Register =>
      (p, companions) =>
        m.registerServerCommands(p, companions),
  );
const maps = () =>
  import('./map-command.ts').then(
    (m): Register =>
      (p) =>
        m.registerMapCommands(p),
  );
const plans = () =>
  import('./plan-commands.ts').then(
    (m): Register =>
      (p) =>
        m.registerPlanCommands(p),
  );
const tokens = () =>
  import('./token-command.ts').then(
    (m): Register =>
      (p) =>
        m.registerTokenCommands(p),
  );

export const CLI_COMMANDS: CliCommand[] = [
  {
    name: 'start',
    usage: '',
    description:
      'migrate the database, load the demo city if it is empty, and serve the API (what npm start runs)',
    load: server,
  },
  {
    name: 'serve',
    usage: '',
    description: 'serve the API only: no migrations and no demo data (readyz reports an unmigrated database)',
    load: server,
  },
  { name: 'migrate', usage: '', description: 'apply the database migrations and exit', load: server },
  {
    name: 'demo-data',
    usage: '[options]',
    description: 'generate the synthetic demo city and store it (source "demo", marked DEMO DATA)',
    load: () =>
      import('./demo-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerDemoCommand(p),
      ),
  },
  {
    name: 'import',
    usage: '[options] <files...>',
    description:
      'import incident exports (CSV, JSON, NDJSON, GeoJSON, Excel workbooks, zipped shapefiles; gzip too), one batch per file',
    load: () =>
      import('./import-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerImportCommand(p),
      ),
  },
  {
    name: 'batches',
    usage: '',
    description: 'import batches: list them, show one, delete one',
    load: () =>
      import('./batches-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerBatchCommands(p),
      ),
  },
  {
    name: 'train',
    usage: '[options]',
    description:
      'train a model, compare it with the active one on held-out days, and promote it if it is not worse',
    load: () =>
      import('./train-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerTrainCommand(p),
      ),
  },
  {
    name: 'backtest',
    usage: '[options]',
    description:
      'score a model and the baselines day by day on past data, each forecast made with only earlier data',
    load: () =>
      import('./backtest-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerBacktestCommand(p),
      ),
  },
  {
    name: 'fairness',
    usage: '[options]',
    description:
      'how concentrated and persistent the flagged places are, and each district’s share of them against its share of reported incidents',
    load: () =>
      import('./fairness-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerFairnessCommand(p),
      ),
  },
  {
    name: 'report',
    usage: '[options]',
    description:
      "the month's live accuracy: the served forecasts scored against what happened, beside simple counts",
    load: () =>
      import('./report-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerReportCommand(p),
      ),
  },
  {
    name: 'hotspots',
    usage: '[options]',
    description: "the forecast's top cells for a window, with their expected incidents and reasons",
    load: () =>
      import('./hotspots-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerHotspotsCommand(p),
      ),
  },
  {
    name: 'map',
    usage: '[options]',
    description: 'render the hotspot map of a forecast to a PNG file',
    load: maps,
  },
  {
    name: 'briefing',
    usage: '[options]',
    description: 'the shift briefing a subscribed channel would receive',
    load: maps,
  },
  {
    name: 'jobs',
    usage: '[options]',
    description: 'the scheduled jobs: when each runs next and how its last run ended',
    load: () =>
      import('./jobs-command.ts').then(
        (m): Register =>
          (p) =>
            m.registerJobsCommand(p),
      ),
  },
  {
    name: 'feeds',
    usage: '',
    description: 'data feeds from open-data portals: add, list, show, run, pause, resume, remove',
    load: () =>
      import('./feed-commands.ts').then(
        (m): Register =>
          (p) =>
            m.registerFeedCommands(p),
      ),
  },
  {
    name: 'placeholders',
    usage: '[options]',
    description: "geocoders' dumps found by imports, left out of lists and maps: list, keep, drop",
    load: () =>
      import('./placeholder-commands.ts').then(
        (m): Register =>
          (p) =>
            m.registerPlaceholderCommands(p),
      ),
  },
  {
    name: 'desks',
    usage: '[options]',
    description: 'places taken for report desks, left out of lists and plans: list, keep, drop',
    load: () =>
      import('./desk-commands.ts').then(
        (m): Register =>
          (p) =>
            m.registerDeskCommands(p),
      ),
  },
  {
    name: 'units',
    usage: '',
    description: 'patrol units on duty per district and shift: set, list',
    load: plans,
  },
  {
    name: 'districts',
    usage: '',
    description: 'districts from the boundary file (PATROLCAST_DISTRICTS) for stored incidents: fill, redraw',
    load: plans,
  },
  {
    name: 'coverage',
    usage: '[options]',
    description: 'visits officers recorded, by shift, district and place',
    load: plans,
  },
  { name: 'token', usage: '', description: 'API tokens: create, revoke, list', load: tokens },
  {
    name: 'audit',
    usage: '[options]',
    description: 'the audit log: who did what, when, and how it ended (newest first)',
    load: tokens,
  },
];
