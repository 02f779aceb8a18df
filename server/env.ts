import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    // A SQLite file (the embedded default) or a Postgres server (docs/decisions/050).
    .regex(/^(file:|postgres(ql)?:\/\/)/i, "DATABASE_URL must be a SQLite file: URL or a postgresql:// URL")
    .default("file:./data/plenary.db"),
  /** Cookies get the Secure flag; turn off only for plain-HTTP local runs. */
  SECURE_COOKIES: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COLLAB_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Group-commit window for Yjs updates; 0 means "end of the current event-loop turn". */
  COLLAB_COMMIT_WINDOW_MS: z.coerce.number().int().min(0).max(100).default(0),
  COLLAB_IDLE_UNLOAD_MS: z.coerce.number().int().min(0).default(2000),
  COLLAB_COMPACT_AFTER: z.coerce.number().int().positive().default(500),
  /**
   * A document whose stored state is larger than this is long: its whole-state encoding, its page and
   * block views and reconnecting clients' diffs are made off the event loop (decisions 097, 118).
   */
  COLLAB_OFF_THREAD_STATE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(256 * 1024),
  /**
   * How many nice steps below the event loop V8's own threads run (GC helpers, background compilation),
   * Linux only; 0, the default, leaves them at the process's priority. Off by default: on a loaded
   * machine the event loop was seen waiting for a starved helper (docs/decisions/134).
   */
  BACKGROUND_THREADS_NICE: z.coerce.number().int().min(0).max(19).default(0),
  /** Sign-in failures per account *and* address before a lock, which doubles at each repeat. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  /** Sign-in failures per client address (any account) in the window. */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
  /** Sign-in failures per account from addresses it never signed in from, in the window. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_NEW_ADDRESSES: z.coerce.number().int().positive().default(50),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** The first lock of an account-and-address, in seconds; each further lock doubles (up to a day). */
  LOGIN_LOCK_SECONDS: z.coerce.number().int().positive().default(60),
  /**
   * Express's `trust proxy`: unset when clients connect directly; behind a reverse proxy, the
   * number of proxy hops ("1") or the proxies' addresses ("10.0.0.1, 10.0.0.2").
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) => {
      if (value === undefined || value.trim() === "" || value === "false") return undefined;
      if (value === "true") return true;
      return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
    }),
  /** Comments (threads, replies, edits) one user may post per minute. */
  COMMENTS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Comments with @mentions one user may post per minute. */
  MENTIONS_PER_MINUTE: z.coerce.number().int().positive().default(5),
  /** Open live-notice streams (one per document tab) a single session may hold. */
  LIVE_STREAMS_PER_SESSION: z.coerce.number().int().positive().default(8),
  /** How often due deadlines are swept (they are also swept at start-up). */
  DEADLINE_SWEEP_MS: z.coerce.number().int().min(100).default(10_000),
  /** Test runs only (NODE_ENV=test): start with the clock moved forward by this much. */
  TEST_CLOCK_OFFSET_MS: z.coerce.number().int().min(0).default(0),
  /**
   * Origins other than our own whose pages may use the site (HTTP forms and the collaboration
   * WebSocket), comma-separated, each scheme://host[:port]. Empty: our own origin only.
   */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((value, context) => {
      const origins: string[] = [];
      for (const entry of value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)) {
        let origin: string | null = null;
        try {
          origin = new URL(entry).origin;
        } catch {
          origin = null;
        }
        if (!origin || origin === "null" || origin !== entry.replace(/\/$/, "")) {
          context.addIssue({ code: "custom", message: `"${entry}" is not an origin (scheme://host[:port], no path)` });
          return z.NEVER;
        }
        origins.push(origin);
      }
      return origins;
    }),
  /** Open collaboration sockets one user may hold at once (all rooms, all tabs). */
  COLLAB_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().positive().default(20),
  /** Size quota of a delegation's drafting room (its Yjs state), in bytes. */
  COLLAB_DRAFT_ROOM_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024),
  /** Size quota of a document's base-text room, in bytes. */
  COLLAB_DOCUMENT_ROOM_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /** Messages (updates and presence) one socket may send per second, sustained; bursts up to 4x. */
  COLLAB_MESSAGES_PER_SECOND: z.coerce.number().int().positive().default(200),
  /**
   * Bytes a room may hold applied but not yet committed (the database is slow or busy): past it,
   * the server stops reading from the writer who crossed it until the backlog is committed.
   */
  COLLAB_MAX_UNCOMMITTED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Update bytes one socket may send per minute, sustained. */
  COLLAB_UPDATE_BYTES_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  REMIX_BUILD: z.string().default("build/index.js"),
  /**
   * Several nodes (docs/deployment.md): the Redis that connects them, e.g. redis://127.0.0.1:6379.
   * Unset: a single node, nothing of Redis is used.
   */
  REDIS_URL: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .refine((value) => value === undefined || /^rediss?:\/\//.test(value), "REDIS_URL must be a redis:// or rediss:// URL"),
  /**
   * Redis behind Sentinel (high availability, docs/deployment.md): the sentinels as
   * "host:port,host:port"; instead of REDIS_URL. Each node asks them for the current master and
   * follows a failover.
   */
  REDIS_SENTINELS: z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value?.trim()) return undefined;
      const sentinels = value.split(",").map((entry) => {
        const match = /^\s*([A-Za-z0-9.:[\]_-]+):(\d{1,5})\s*$/.exec(entry);
        return match ? { host: match[1]!.replace(/^\[|\]$/g, ""), port: Number(match[2]) } : null;
      });
      if (sentinels.some((sentinel) => sentinel === null || sentinel.port < 1 || sentinel.port > 65535)) {
        context.addIssue({ code: "custom", message: 'REDIS_SENTINELS must be "host:port" entries separated by commas' });
        return z.NEVER;
      }
      return sentinels as { host: string; port: number }[];
    }),
  /** The master's name in the sentinels' configuration (`sentinel monitor <name> …`). */
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default("mymaster"),
  /** With REDIS_SENTINELS: the password of the Redis master and replicas, and of the sentinels, if any. */
  REDIS_PASSWORD: z.string().optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  /** Prefix of every Redis key and channel: one Redis can serve several deployments. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default("plenary"),
  /** Several nodes: how often each open room re-reads the shared log for anything the relay lost. */
  CLUSTER_REPAIR_MS: z.coerce.number().int().min(100).default(5_000),
  /** Several nodes: how often each node tells the others it is alive (docs/decisions/090). */
  CLUSTER_HEARTBEAT_MS: z.coerce.number().int().min(50).default(1_000),
  /** Several nodes: a node not heard from for this long is gone; its sockets' carets disappear. */
  CLUSTER_NODE_TIMEOUT_MS: z.coerce.number().int().min(200).default(5_000),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}
