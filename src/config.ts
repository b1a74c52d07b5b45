// The only module that reads the environment. Everything else receives a Config.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import type { FairnessLimits } from './fairness/warnings.ts';
import { parseShifts, type ShiftDefinition } from './forecast/windows.ts';
import { CATEGORIES, ORIGINS } from './ingest/categories.ts';
import { type Jurisdiction, parseJurisdiction } from './ingest/jurisdiction.ts';
import { isTimeZone } from './time/zone.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

/** A number in a range, whole unless `fractions`; empty or unset gives the fallback. */
const numeric = (fallback: number, min: number, max: number, fractions: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!(fractions ? Number.isFinite(n) : Number.isInteger(n)) || n < min || n > max) {
        const what = fractions ? 'a number' : 'a whole number';
        ctx.addIssue({ code: 'custom', message: `must be ${what} from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });
/** A chat channel as platform:id, e.g. slack:C0OPS; empty is none. */
const channel = (example: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || /^(slack|discord):[\w-]{1,40}$/.test(v), {
      message: `must be slack:<channel id> or discord:<channel id>, e.g. slack:${example}`,
    });

/** "slack:C0OPS" as platform and channel. */
const channelOf = (v: string | undefined) =>
  v ? { platform: v.split(':')[0]!, channelId: v.slice(v.indexOf(':') + 1) } : undefined;

const integer = (fallback: number, min: number, max: number) => numeric(fallback, min, max, false);
const decimal = (fallback: number, min: number, max: number) => numeric(fallback, min, max, true);

/** A cron expression with a default; empty turns the job off (undefined). */
const cron = (fallback: string, message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? fallback : v.trim() || undefined))
    .refine((v) => v === undefined || validCron(v), { message });

/** A comma-separated list whose items must come from a vocabulary. */
const list = (fallback: string, allowed: readonly string[]) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const items = (v ?? fallback)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = items.filter((i) => !allowed.includes(i));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`,
        });
        return z.NEVER;
      }
      return items;
    });

/** A comma-separated list of platform ids (user, user group or role ids). */
const ids = (pattern: RegExp, what: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const items = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = items.filter((i) => !pattern.test(i));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `not ${what}: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return items;
    });
const slackIds = () => ids(/^[UWS][A-Z0-9]{2,20}$/, 'Slack user or user group ids (U…, W…, S…)');
const discordIds = () => ids(/^\d{15,21}$/, 'Discord role ids (numbers)');
const secret = (prefix: string, what: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || v.startsWith(prefix), {
      message: `must be ${what} (starts with ${prefix})`,
    });
const apiUrl = z
  .string()
  .optional()
  .transform((v) => v?.trim() || undefined)
  .refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http(s) URL' });
const ROLES = ['viewer', 'supervisor', 'analyst', 'admin'] as const;

/** Every variable patrolcast reads, with its default. `.env.example` documents the same list. */
export const SETTINGS = z.object({
  PORT: integer(3000, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'must be a postgres:// or postgresql:// URL',
    })
    .transform((v) => (v === '' ? undefined : v)),
  PATROLCAST_DATA_DIR: z.string().min(1).default('./data/pglite'),
  PATROLCAST_TZ: z
    .string()
    .default('America/Chicago')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as America/Chicago' }),
  PATROLCAST_H3_RESOLUTION: integer(9, 5, 12),
  PATROLCAST_DEMO_ON_EMPTY: flag(true),
  PATROLCAST_DEMO_DAYS: integer(730, 7, 3650),
  PATROLCAST_JURISDICTION: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      try {
        return parseJurisdiction(v.trim());
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  PATROLCAST_API_TOKEN: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || v.length >= 24, {
      message: 'must be at least 24 characters',
    })
    .transform((v) => (v === '' ? undefined : v)),
  PATROLCAST_MAX_BODY_MB: integer(100, 1, 10_240),
  PATROLCAST_IMPORT_MAX_MB: integer(4096, 1, 1_048_576),
  PATROLCAST_IMPORT_MAX_LINE_KB: integer(1024, 1, 1_048_576),
  PATROLCAST_SHIFTS: z
    .string()
    .default('06:00-14:00,14:00-22:00,22:00-06:00')
    .transform((v, ctx) => {
      try {
        return parseShifts(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  PATROLCAST_UNITS: integer(4, 1, 50),
  /** How far a unit's places may lie from where it starts: no two further apart than twice this. */
  PATROLCAST_UNIT_RADIUS_M: integer(1500, 200, 20_000),
  /** The suggested length of one visit to a place, in minutes. */
  PATROLCAST_VISIT_MINUTES: integer(15, 5, 120),
  PATROLCAST_TRAIN_ORIGINS: list('reported,unknown', ORIGINS),
  PATROLCAST_EXCLUDED_CATEGORIES: list('drugs,traffic', CATEGORIES),
  PATROLCAST_TRAIN_DAYS: integer(1825, 90, 7300),
  PATROLCAST_PROMOTION_TOLERANCE: decimal(0.01, 0, 1),
  PATROLCAST_STALE_DAYS: integer(7, 1, 3650),
  PATROLCAST_FAIRNESS_MAX_GINI: decimal(0.95, 0, 1),
  PATROLCAST_FAIRNESS_MAX_PERSISTENCE: decimal(0.9, 0, 1),
  PATROLCAST_FAIRNESS_MAX_DISTRICT_RATIO: decimal(2, 1, 100),
  PATROLCAST_ML_FOREST_MAX_ROWS: integer(20_000, 100, 1_000_000),
  PATROLCAST_COVARIATES: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? resolve(v.trim()) : undefined)),
  PATROLCAST_AGENCY_NAME: z.string().trim().min(1).max(80).default('patrolcast'),
  PATROLCAST_BRIEFING_TOP: integer(10, 1, 25),
  MAP_TILE_URL: z
    .string()
    .optional()
    .refine(
      (v) => !v || (/^https?:\/\//.test(v) && v.includes('{z}') && v.includes('{x}') && v.includes('{y}')),
      {
        message: 'must be an http(s) URL with {z}, {x} and {y}',
      },
    )
    .transform((v) => v || undefined),
  MAP_TILE_ATTRIBUTION: z.string().max(200).optional(),
  /** District boundaries (GeoJSON polygons in WGS84, each with a name), outlined and named on maps. */
  PATROLCAST_DISTRICTS: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? resolve(v.trim()) : undefined))
    .refine((v) => !v || existsSync(v), { message: 'no such file' }),
  /** A PMTiles archive of raster tiles on this machine: a basemap with no network. */
  MAP_TILES_FILE: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? resolve(v.trim()) : undefined))
    .refine((v) => !v || existsSync(v), { message: 'no such file' }),
  MAP_TILE_DEADLINE_MS: integer(3000, 100, 60_000),
  // Portrait, for the phone a supervisor reads it on; a wall or a report can ask for landscape.
  MAP_WIDTH: integer(720, 320, 4096),
  MAP_HEIGHT: integer(1080, 240, 4096),
  PATROLCAST_SCHEDULER: flag(true),
  PATROLCAST_BRIEFING_LEAD_MINUTES: integer(15, 0, 120),
  PATROLCAST_RETRAIN_CRON: cron(
    '0 3 * * 1',
    'must be a cron expression such as "0 3 * * 1" (Mondays 03:00), or empty to turn it off',
  ),
  /** How often the feeds are looked at; each runs on its own schedule (feeds add --schedule). */
  PATROLCAST_FEEDS_CRON: cron(
    '*/5 * * * *',
    'must be a cron expression such as "*/5 * * * *" (every five minutes), or empty to turn feeds off',
  ),
  /** Where operational alerts go (a feed that keeps failing): platform:channel, e.g. slack:C0OPS. */
  PATROLCAST_ADMIN_CHANNEL: channel('C0OPS'),
  /** Where the monthly accuracy report is posted on the 1st (platform:channel); the admin channel when unset. */
  PATROLCAST_REPORT_CHANNEL: channel('C0STAFF'),
  PATROLCAST_RETENTION_YEARS: integer(0, 0, 100),
  /** The live hit rate may fall this far (a share: 0.05 is 5 points) below the held-out one unreported. */
  PATROLCAST_DRIFT_MARGIN: decimal(0.05, 0, 1),
  PATROLCAST_AUDIT_RETENTION_DAYS: integer(0, 0, 36_500),
  PATROLCAST_API_RATE_PER_MINUTE: integer(120, 0, 100_000),
  PATROLCAST_API_REFUSALS_PER_MINUTE: integer(30, 0, 100_000),
  PATROLCAST_CHAT_RATE_PER_MINUTE: integer(20, 0, 10_000),
  PATROLCAST_CORS_ORIGINS: ids(/^https?:\/\/[^/\s?#]+$/, 'a web origin such as https://dash.example.org'),
  CHAT_DEFAULT_ROLE: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).default('viewer'),
  CHAT_COMMAND_PREFIX: z
    .string()
    .regex(/^([a-z][a-z0-9]{0,9}-)?$/, { error: 'must be empty or a short word and a hyphen, e.g. pc-' })
    .default(''),
  CHAT_CONSOLE: z.enum(['auto', 'on', 'off'], { error: 'must be auto, on or off' }).default('auto'),
  SLACK_BOT_TOKEN: secret('xoxb-', 'a bot token'),
  SLACK_SIGNING_SECRET: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  SLACK_APP_TOKEN: secret('xapp-', 'an app-level token'),
  SLACK_MODE: z.enum(['http', 'socket'], { error: 'must be http or socket' }).default('http'),
  SLACK_PORT: integer(3001, 0, 65535),
  SLACK_API_URL: apiUrl,
  SLACK_SUPERVISORS: slackIds(),
  SLACK_ANALYSTS: slackIds(),
  SLACK_ADMINS: slackIds(),
  DISCORD_TOKEN: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  DISCORD_APPLICATION_ID: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || /^\d{15,21}$/.test(v), {
      message: 'must be the application id (a number)',
    }),
  DISCORD_GUILD_ID: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || /^\d{15,21}$/.test(v), { message: 'must be a server (guild) id' }),
  DISCORD_API_URL: apiUrl,
  DISCORD_MODE: z.enum(['gateway', 'http'], { error: 'must be gateway or http' }).default('gateway'),
  DISCORD_PUBLIC_KEY: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || undefined)
    .refine((v) => v === undefined || /^[0-9a-f]{64}$/.test(v), {
      message: 'must be the application public key (64 hex digits, General Information → Public Key)',
    }),
  DISCORD_PORT: integer(3002, 0, 65535),
  DISCORD_SUPERVISOR_ROLES: discordIds(),
  DISCORD_ANALYST_ROLES: discordIds(),
  DISCORD_ADMIN_ROLES: discordIds(),
  // Empty, as in .env.example, is unset.
  LOG_LEVEL: z
    .enum([...LOG_LEVELS, ''], { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  port: number;
  host: string;
  /** postgres:// URL, or undefined for the embedded PGlite database. */
  databaseUrl: string | undefined;
  dataDir: string;
  timeZone: string;
  /** PATROLCAST_TZ was given: otherwise an import without a zone reads the zone of its incidents' place. */
  timeZoneSet: boolean;
  h3Resolution: number;
  demoOnEmpty: boolean;
  demoDays: number;
  /** Where incidents may lie; when absent, each profile's own area applies. */
  jurisdiction: Jurisdiction | undefined;
  /** A settings token with every scope, for setting up (API tokens are created with the CLI). */
  apiToken: string | undefined;
  /** Requests per minute per API token, and commands per minute per chat user (0: no limit). */
  apiRatePerMinute: number;
  /** Requests refused for a missing or wrong token, per caller address and minute, before 429s. */
  apiRefusalsPerMinute: number;
  chatRatePerMinute: number;
  /** Web origins allowed to call the API from a browser; empty: no CORS headers. */
  corsOrigins: string[];
  maxBodyBytes: number;
  /** The most a compressed file or zip may expand to. */
  importMaxBytes: number;
  /** The longest line (or JSON record) an import reads: a longer one refuses the file as it is seen. */
  importMaxLineBytes: number;
  shifts: ShiftDefinition[];
  /** Patrol units on a shift city-wide, unless `units set` says otherwise for a district. */
  units: number;
  /** A unit's places lie within this many metres of its start. */
  unitRadiusM: number;
  /** The suggested length of one visit, in minutes. */
  visitMinutes: number;
  /** Origins and categories a model learns from (responsible-use settings). */
  trainOrigins: string[];
  excludedCategories: string[];
  trainDays: number;
  /** A candidate is promoted unless its hit rate at 5% is lower than the active model's by more. */
  promotionTolerance: number;
  /** Answers built from data whose newest incident is older than this many days say so. */
  staleDays: number;
  /** Fairness report limits: above them, /model and the briefing warn. */
  fairness: FairnessLimits;
  mlForestMaxRows: number;
  /** A CSV of per-cell covariates (keyed by cell, or by lat/lon). */
  covariatesFile: string | undefined;
  /** The agency's name, for map titles. */
  agencyName: string;
  /** Places a briefing lists. */
  briefingTop: number;
  map: {
    tileUrl: string | undefined;
    /** A local PMTiles archive of raster tiles, used before any tile server. */
    tilesFile: string | undefined;
    /** District boundaries to outline and name. */
    districtsFile: string | undefined;
    attribution: string;
    tileDeadlineMs: number;
    width: number;
    height: number;
  };
  chat: ChatConfig;
  schedule: {
    /** Run the scheduled jobs in this process (every replica may: runs are claimed once). */
    enabled: boolean;
    briefingLeadMs: number;
    retrainCron: string | undefined;
    /** When the data feeds run; undefined: never by themselves. */
    feedsCron: string | undefined;
    /** Where alerts go, as platform and channel. */
    adminChannel: { platform: string; channelId: string } | undefined;
    /** 0 keeps everything. */
    retentionYears: number;
    auditRetentionDays: number;
  };
  /** Live scoring of served forecasts, and when a slipping forecast is reported. */
  accuracy: {
    driftMargin: number;
    /** Where the monthly report goes; undefined: the admin channel. */
    reportChannel: { platform: string; channelId: string } | undefined;
  };
  logLevel: (typeof LOG_LEVELS)[number];
  /** LOG_LEVEL was set: one-off commands log at warn and above unless it was. */
  logLevelGiven: boolean;
}

export type ChatRole = (typeof ROLES)[number];

export interface ChatConfig {
  /** The role of anyone not named below. */
  defaultRole: ChatRole;
  /** Put before every command's name on Slack and Discord ("pc-" gives /pc-hotspots), so that generic
   * names (/help, /model) do not collide with other apps in a workspace. */
  commandPrefix: string;
  /** The terminal chat beside the API: auto starts it when no platform is set and stdin is a terminal. */
  console: 'auto' | 'on' | 'off';
  slack?: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    mode: 'http' | 'socket';
    port: number;
    apiUrl: string | undefined;
    roles: { supervisor: string[]; analyst: string[]; admin: string[] };
    commandPrefix: string;
  };
  discord?: {
    token: string;
    applicationId: string;
    guildId: string | undefined;
    apiUrl: string | undefined;
    /** gateway: discord.js over a WebSocket; http: Discord posts signed interactions to `port`. */
    mode: 'gateway' | 'http';
    publicKey: string | undefined;
    port: number;
    host: string;
    commandPrefix: string;
    roles: { supervisor: string[]; analyst: string[]; admin: string[] };
  };
}

/** Parses the given environment; throws a ConfigError that names every bad variable at once. */
export function parseConfig(env: Env): Config {
  const result = SETTINGS.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError([...new Set(lines)]);
  }
  const e = result.data;
  const missing = [
    e.SLACK_BOT_TOKEN && e.SLACK_MODE === 'http' && !e.SLACK_SIGNING_SECRET
      ? 'SLACK_SIGNING_SECRET: needed with SLACK_BOT_TOKEN in http mode (Basic Information → Signing Secret)'
      : '',
    e.SLACK_BOT_TOKEN && e.SLACK_MODE === 'socket' && !e.SLACK_APP_TOKEN
      ? 'SLACK_APP_TOKEN: needed with SLACK_MODE=socket (an app-level token with connections:write)'
      : '',
    e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID ? 'DISCORD_APPLICATION_ID: needed with DISCORD_TOKEN' : '',
    e.DISCORD_TOKEN && e.DISCORD_MODE === 'http' && !e.DISCORD_PUBLIC_KEY
      ? 'DISCORD_PUBLIC_KEY: needed with DISCORD_MODE=http (General Information → Public Key)'
      : '',
  ].filter(Boolean);
  if (missing.length > 0) throw new ConfigError(missing);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.PATROLCAST_DATA_DIR),
    timeZone: e.PATROLCAST_TZ,
    timeZoneSet: Boolean(env.PATROLCAST_TZ?.trim()),
    h3Resolution: e.PATROLCAST_H3_RESOLUTION,
    demoOnEmpty: e.PATROLCAST_DEMO_ON_EMPTY,
    demoDays: e.PATROLCAST_DEMO_DAYS,
    jurisdiction: e.PATROLCAST_JURISDICTION,
    apiToken: e.PATROLCAST_API_TOKEN,
    apiRatePerMinute: e.PATROLCAST_API_RATE_PER_MINUTE,
    apiRefusalsPerMinute: e.PATROLCAST_API_REFUSALS_PER_MINUTE,
    chatRatePerMinute: e.PATROLCAST_CHAT_RATE_PER_MINUTE,
    corsOrigins: e.PATROLCAST_CORS_ORIGINS,
    maxBodyBytes: e.PATROLCAST_MAX_BODY_MB * 1024 * 1024,
    importMaxBytes: e.PATROLCAST_IMPORT_MAX_MB * 1024 * 1024,
    importMaxLineBytes: e.PATROLCAST_IMPORT_MAX_LINE_KB * 1024,
    shifts: e.PATROLCAST_SHIFTS,
    units: e.PATROLCAST_UNITS,
    unitRadiusM: e.PATROLCAST_UNIT_RADIUS_M,
    visitMinutes: e.PATROLCAST_VISIT_MINUTES,
    trainOrigins: e.PATROLCAST_TRAIN_ORIGINS,
    excludedCategories: e.PATROLCAST_EXCLUDED_CATEGORIES,
    trainDays: e.PATROLCAST_TRAIN_DAYS,
    promotionTolerance: e.PATROLCAST_PROMOTION_TOLERANCE,
    staleDays: e.PATROLCAST_STALE_DAYS,
    fairness: {
      maxGini: e.PATROLCAST_FAIRNESS_MAX_GINI,
      maxPersistence: e.PATROLCAST_FAIRNESS_MAX_PERSISTENCE,
      maxDistrictRatio: e.PATROLCAST_FAIRNESS_MAX_DISTRICT_RATIO,
    },
    mlForestMaxRows: e.PATROLCAST_ML_FOREST_MAX_ROWS,
    covariatesFile: e.PATROLCAST_COVARIATES,
    agencyName: e.PATROLCAST_AGENCY_NAME,
    briefingTop: e.PATROLCAST_BRIEFING_TOP,
    map: {
      tileUrl: e.MAP_TILE_URL,
      tilesFile: e.MAP_TILES_FILE,
      districtsFile: e.PATROLCAST_DISTRICTS,
      // OpenStreetMap's tiles must be credited; other servers say what they want.
      attribution:
        e.MAP_TILE_ATTRIBUTION ??
        (e.MAP_TILE_URL?.includes('openstreetmap') ? '© OpenStreetMap contributors' : ''),
      tileDeadlineMs: e.MAP_TILE_DEADLINE_MS,
      width: e.MAP_WIDTH,
      height: e.MAP_HEIGHT,
    },
    chat: chatConfig(e),
    schedule: {
      enabled: e.PATROLCAST_SCHEDULER,
      briefingLeadMs: e.PATROLCAST_BRIEFING_LEAD_MINUTES * 60_000,
      retrainCron: e.PATROLCAST_RETRAIN_CRON,
      feedsCron: e.PATROLCAST_FEEDS_CRON,
      adminChannel: channelOf(e.PATROLCAST_ADMIN_CHANNEL),
      retentionYears: e.PATROLCAST_RETENTION_YEARS,
      auditRetentionDays: e.PATROLCAST_AUDIT_RETENTION_DAYS,
    },
    accuracy: {
      driftMargin: e.PATROLCAST_DRIFT_MARGIN,
      reportChannel: channelOf(e.PATROLCAST_REPORT_CHANNEL),
    },
    logLevel: e.LOG_LEVEL ?? 'info',
    logLevelGiven: e.LOG_LEVEL !== undefined,
  };
}

function chatConfig(e: z.infer<typeof SETTINGS>): ChatConfig {
  const chat: ChatConfig = {
    defaultRole: e.CHAT_DEFAULT_ROLE,
    commandPrefix: e.CHAT_COMMAND_PREFIX,
    console: e.CHAT_CONSOLE,
  };
  if (e.SLACK_BOT_TOKEN) {
    chat.slack = {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      mode: e.SLACK_MODE,
      port: e.SLACK_PORT,
      apiUrl: e.SLACK_API_URL,
      roles: { supervisor: e.SLACK_SUPERVISORS, analyst: e.SLACK_ANALYSTS, admin: e.SLACK_ADMINS },
      commandPrefix: e.CHAT_COMMAND_PREFIX,
    };
  }
  if (e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID) {
    chat.discord = {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
      mode: e.DISCORD_MODE,
      publicKey: e.DISCORD_PUBLIC_KEY,
      port: e.DISCORD_PORT,
      host: e.HOST,
      commandPrefix: e.CHAT_COMMAND_PREFIX,
      roles: {
        supervisor: e.DISCORD_SUPERVISOR_ROLES,
        analyst: e.DISCORD_ANALYST_ROLES,
        admin: e.DISCORD_ADMIN_ROLES,
      },
    };
  }
  return chat;
}

let cached: Config | undefined;

/**
 * The process's configuration, read once: the environment, over a `.env` file if there is one
 * (PATROLCAST_ENV_FILE names another file; variables already set always win).
 */
export function loadConfig(): Config {
  if (!cached) {
    const file = process.env.PATROLCAST_ENV_FILE || '.env';
    const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
    cached = parseConfig({ ...fromFile, ...process.env });
  }
  return cached;
}

/** Whether stdout is a terminal: decides pretty logs and progress bars. Read here, with the rest. */
export const isInteractive = (): boolean => Boolean(process.stdout.isTTY);
