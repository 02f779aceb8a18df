import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { watchBaseTexts } from "./domain/amendments/currentDiffs";
import { warmDiffThread } from "./diffs/offThread";
import { signInTurns } from "./http/signInTurns";
import { createDomainContext } from "./domainContext";
import type { Env } from "./env";
import { crossSiteRequestGuard } from "./http/csrf";
import { assignRequestReference, handleUnexpectedError, withErrorReferences } from "./http/errors";
import { checkRequestBodies } from "./http/requestBodies";
import { warmRenderer } from "./http/warmRenderer";
import { assignCspNonce, securityHeaders } from "./http/securityHeaders";
import { createSessionCookie } from "./http/sessionCookie";
import { liveEventsRouter } from "./http/liveEvents";
import type { PlenaryLoadContext } from "./loadContext";
import { bindServices } from "./services";
import { recordEditSessions } from "./domain/documents/recordEditSessions";
import { createClock } from "./clock";
import { testClockRouter } from "./http/testClock";
import { startDeadlineSweeper } from "./deadlineSweeper";
import { closePdfPrinter } from "./exports/pdf";
import { agreedParagraphLock, optionSetLock } from "./domain/documents/paragraphLocks";
import { attachCollabServer, isCollabPath } from "./collab/server";
import { upgradeOriginAllowed, type TrustProxy } from "./collab/origin";
import { startCluster, type RedisLocation } from "./cluster";

/**
 * The composition root: builds the database, the domain services, the live Yjs documents and
 * the collaboration endpoint once, and hands the services to Remix through the load context.
 */
export async function createPlenaryServer(env: Env) {
  const clock = createClock(env.NODE_ENV === "test" ? env.TEST_CLOCK_OFFSET_MS : 0);
  // Several nodes share the database and one Redis (docs/deployment.md); without REDIS_URL (or
  // REDIS_SENTINELS), none of it.
  const redis: RedisLocation | null = env.REDIS_SENTINELS
    ? {
        sentinels: env.REDIS_SENTINELS,
        name: env.REDIS_SENTINEL_NAME,
        password: env.REDIS_PASSWORD,
        sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
      }
    : env.REDIS_URL
      ? { url: env.REDIS_URL }
      : null;
  const cluster = redis
    ? await startCluster({
        redis,
        prefix: env.REDIS_PREFIX,
        repairMs: env.CLUSTER_REPAIR_MS,
        heartbeatMs: env.CLUSTER_HEARTBEAT_MS,
        nodeTimeoutMs: env.CLUSTER_NODE_TIMEOUT_MS,
      })
    : null;
  const domain = createDomainContext({
    databaseUrl: env.DATABASE_URL,
    liveDocuments: {
      commitWindowMs: env.COLLAB_COMMIT_WINDOW_MS,
      idleUnloadMs: env.COLLAB_IDLE_UNLOAD_MS,
      compactAfter: env.COLLAB_COMPACT_AFTER,
      offThreadStateBytes: env.COLLAB_OFF_THREAD_STATE_BYTES,
      relay: cluster?.relay,
      compactionLease: cluster?.compactionLease,
    },
    // With several nodes every counter is shared, the per-minute rates included.
    sharedLimits: cluster?.limiterStore,
    now: () => clock.now(),
    sessionTtlHours: env.SESSION_TTL_HOURS,
    limits: {
      signIn: {
        maxFailuresPerAccountAndAddress: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_IP,
        maxFailuresPerAccountFromNewAddresses: env.LOGIN_MAX_FAILURES_PER_ACCOUNT_NEW_ADDRESSES,
        windowMinutes: env.LOGIN_WINDOW_MINUTES,
        lockSeconds: env.LOGIN_LOCK_SECONDS,
      },
      commentsPerMinute: env.COMMENTS_PER_MINUTE,
      mentionsPerMinute: env.MENTIONS_PER_MINUTE,
    },
  });
  const { ctx } = domain;
  const { events, liveDocuments } = ctx;
  await cluster?.attach(events, liveDocuments);
  // Logs left long (by an older version, or a crash before compaction) are folded off the event loop.
  void liveDocuments.compactLongLogs();
  const services = bindServices(ctx);
  // Diffs against changed target texts are computed here, once per text, never on a page view.
  const stopWatchingBaseTexts = watchBaseTexts(ctx);
  // Word diffs run on their own thread (decision 073), started now so the first tabling does not wait for it.
  // Long documents' views are rendered on their own thread (decision 118), its code loaded now, and
  // their states merged on another (171), started now; tests start them on first use, since most
  // never open a long document. `listen` waits for the diff and render threads: a thread loading its
  // code takes a core from the first requests' event loop (docs/decisions/151).
  const threadsLoaded = Promise.allSettled([warmDiffThread(), env.NODE_ENV !== "test" ? liveDocuments.warmThreads() : null]);
  // Base-text edits reach the audit log as editing sessions, whatever compaction later folds.
  const editSessions = recordEditSessions(ctx);
  // Sessions still open are written once every pending update is committed, before the database closes.
  domain.whenClosing(() => editSessions.stop());
  // Deadlines that passed while the server was down fire before the first request is served.
  const sweeper = await startDeadlineSweeper(() => services.sweepDeadlines(), env.DEADLINE_SWEEP_MS);
  const sessionCookie = createSessionCookie(env.SECURE_COOKIES);
  const build = withErrorReferences((await import(pathToFileURL(path.resolve(env.REMIX_BUILD)).href)) as ServerBuild);
  // Tests start hundreds of servers and measure no speed: they skip it.
  if (env.NODE_ENV !== "test") await warmRenderer(build, { services, sessionCookie });

  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, client addresses (sign-in throttling) and the scheme (origin checks)
  // come from X-Forwarded-* only when this says which hops to believe. See docs/threat-model.md.
  if (env.TRUST_PROXY !== undefined) app.set("trust proxy", env.TRUST_PROXY);
  app.use(assignRequestReference);
  // A burst of sign-ins is answered a few at a time, so it never holds the event loop for everyone.
  app.use(signInTurns({ concurrent: 4, maxWaiting: 1_000 }));
  // Before compression, which would buffer the event stream.
  const liveEvents = liveEventsRouter({
    services,
    events,
    sessionCookie,
    maxStreamsPerSession: env.LIVE_STREAMS_PER_SESSION,
    onTextCommitted: (listener) => (cluster ? cluster.onTextCommitted(liveDocuments, listener) : liveDocuments.onCommitted(listener)),
  });
  app.use(liveEvents);
  if (env.NODE_ENV === "test") app.use(testClockRouter(clock, () => sweeper.sweepNow()));
  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.get("/healthz", (_req, res) => {
    // Always 200 while the process serves: a node that lost Redis still serves its own clients,
    // and taking every node out of rotation during a Redis outage would serve nobody. `redis`
    // tells monitoring (and tests) apart.
    res.json({ ok: true, liveDocuments: liveDocuments.loadedRooms().length, ...(cluster ? { redis: cluster.redisStatus() } : {}) });
  });
  app.use(assignCspNonce, securityHeaders(env.SECURE_COOKIES));
  app.use(crossSiteRequestGuard(env.ALLOWED_ORIGINS), checkRequestBodies);
  app.use(async (req, res, next) => {
    try {
      const token = await sessionCookie.read(req.headers.cookie);
      res.locals.sessionToken = token;
      res.locals.actor = await services.getActorForSession(token);
      next();
    } catch (error) {
      next(error);
    }
  });
  app.all(
    "*",
    createRequestHandler({
      build,
      // Only an explicit development run shows Remix's developer errors; tests run as production does.
      mode: env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: (req, res) =>
        ({
          services,
          actor: res.locals.actor ?? null,
          sessionToken: res.locals.sessionToken,
          sessionCookie,
          clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
          requestId: res.locals.requestId as string,
          cspNonce: res.locals.cspNonce,
          // Remix's data requests carry ?_data (single fetch is off); every other request renders the whole page.
          pageHtml: req.query._data === undefined ? new Map() : null,
        }) satisfies PlenaryLoadContext,
    }),
  );
  app.use(handleUnexpectedError);

  const httpServer = http.createServer(app);
  const collab = attachCollabServer(httpServer, {
    liveDocuments,
    events,
    maxFrameBytes: env.COLLAB_MAX_FRAME_BYTES,
    authenticate: async (req) => {
      const session = await services.getSessionActor(await sessionCookie.read(req.headers.cookie));
      return session && { actor: session.actor, expiresInMs: session.expiresAt.getTime() - clock.now().getTime() };
    },
    authorizeRoom: (actor, room) => services.authorizeRoom(actor, room),
    now: () => clock.now().getTime(),
    // Duplicate or missing block ids stored before updates were validated (docs/decisions/041).
    prepareRoom: (room) => services.repairBlockIds(room),
    originAllowed: (req) => upgradeOriginAllowed(req, env.ALLOWED_ORIGINS, app.get("trust proxy fn") as TrustProxy),
    maxConnectionsPerUser: env.COLLAB_MAX_CONNECTIONS_PER_USER,
    maxUncommittedBytes: env.COLLAB_MAX_UNCOMMITTED_BYTES,
    // Agreed paragraphs are locked, statuses change only through setBlockStatus, option sets only
    // through the Chair's decisions (docs/decisions/028, 081).
    updateRules: [agreedParagraphLock, optionSetLock],
    quotas: {
      roomMaxBytes: { document: env.COLLAB_DOCUMENT_ROOM_MAX_BYTES, draft: env.COLLAB_DRAFT_ROOM_MAX_BYTES },
      messagesPerSecond: env.COLLAB_MESSAGES_PER_SECOND,
      updateBytesPerMinute: env.COLLAB_UPDATE_BYTES_PER_MINUTE,
    },
  });
  clock.onAdvance(() => collab.recheckExpired());
  // Access changes made on other nodes while Redis was away were never heard here: a user disabled
  // meanwhile must not keep a socket open on this node.
  cluster?.onReconnect(() => collab.recheckAll());
  // No other endpoint upgrades: refuse the rest instead of leaving the socket hanging.
  httpServer.on("upgrade", (req, socket) => {
    if (!isCollabPath(req.url)) socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });

  return {
    httpServer,
    services,
    liveDocuments,
    async listen(port: number, host: string): Promise<number> {
      await threadsLoaded;
      await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
      const address = httpServer.address();
      return typeof address === "object" && address ? address.port : port;
    },
    /** Graceful shutdown: stop accepting, close sockets, flush every pending update, close the database. */
    async close() {
      await sweeper.stop();
      await closePdfPrinter();
      await collab.close();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const forceClose = setTimeout(() => httpServer.closeAllConnections(), 2_000);
      await closed;
      clearTimeout(forceClose);
      liveEvents.stopLiveText();
      await stopWatchingBaseTexts();
      await domain.close();
      await cluster?.close();
    },
  };
}
