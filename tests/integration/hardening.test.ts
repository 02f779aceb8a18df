import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { listBlocks, yDocToJson } from "../../app/editor/documentModel";
import { documentRoom } from "../../common/collab";
import { connectClient, synced } from "../support/collab";
import { freshDatabase } from "../support/database";
import { rawDatabase } from "../support/rawDatabase";
import { DEMO_PASSWORD, getPage, postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

// Findings of the hardening review (docs/decisions/015, docs/threat-model.md) that live at the HTTP boundary.

let server: RunningServer;
let db: Db;
let secretariat: string;
const ids = { pakistan: "", pakistanDelegate: "", declaration: "" };

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  server = await startServer(database.url, { LIVE_STREAMS_PER_SESSION: "3", COMMENTS_PER_MINUTE: "5", MENTIONS_PER_MINUTE: "3" });
  secretariat = await signIn(server.url, "secretariat@icmpd.example");
  ids.pakistan = (await db.participant.findFirstOrThrow({ where: { code: "PAK" } })).id;
  ids.pakistanDelegate = (await db.user.findUniqueOrThrow({ where: { email: "delegate@pakistan.example" } })).id;
  ids.declaration = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

describe("sign-in redirects", () => {
  it("never redirects off the site after sign-in", async () => {
    const targets = [
      "/\\evil.example/x",
      "/\t/evil.example/x",
      "/\\/evil.example",
      "//evil.example",
      "/\n/evil.example",
      "https://evil.example/",
    ];
    for (const redirectTo of targets) {
      const response = await postForm(server.url, "/login", { email: "chair@turkiye.example", password: DEMO_PASSWORD, redirectTo });
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      const location = response.headers.get("location") ?? "";
      expect(new URL(location, server.url).origin, JSON.stringify(redirectTo)).toBe(server.url);
    }
  });

  it("keeps a same-site target, and answers control characters with a safe redirect rather than a 500", async () => {
    const kept = await postForm(server.url, "/login", {
      email: "chair@turkiye.example",
      password: DEMO_PASSWORD,
      redirectTo: `/documents/${ids.declaration}?x=1`,
    });
    expect(kept.headers.get("location")).toBe(`/documents/${ids.declaration}?x=1`);
    const injected = await postForm(server.url, "/login", {
      email: "chair@turkiye.example",
      password: DEMO_PASSWORD,
      redirectTo: "/a\r\nSet-Cookie: stolen=1\u0000",
    });
    expect(injected.status).toBe(302);
    expect(injected.headers.get("location")).not.toMatch(/[\r\n\u0000]/);
    expect(injected.headers.get("set-cookie")).not.toContain("stolen");
  });
});

describe("origin checks", () => {
  it("refuses a request from the same host over another scheme", async () => {
    const before = await db.auditEntry.count();
    const response = await fetch(`${server.url}/admin/participants?index`, {
      method: "POST",
      redirect: "manual",
      headers: {
        origin: server.url.replace("http://", "https://"),
        "content-type": "application/x-www-form-urlencoded",
        cookie: secretariat,
      },
      body: new URLSearchParams({
        intent: "saveParticipant",
        kind: "observer",
        name: "Scheme",
        code: "SCHEME",
        colour: "#aa0000",
      }).toString(),
    });
    expect(response.status).toBe(403);
    expect(await db.auditEntry.count()).toBe(before);
  });
});

describe("bad input", () => {
  it("answers prototype names as intent with 400, not 500", async () => {
    for (const intent of ["valueOf", "__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const response = await postForm(server.url, `/admin/users/${ids.pakistanDelegate}`, { intent }, secretariat);
      expect(response.status, intent).toBe(400);
      expect(await response.text()).toContain("Unknown action.");
    }
  });

  it("refuses JSON, text and multipart bodies with 415", async () => {
    const post = (contentType: string, body: string) =>
      fetch(`${server.url}/admin/users/${ids.pakistanDelegate}`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: server.url, cookie: secretariat, "content-type": contentType },
        body,
      });
    expect((await post("application/json", JSON.stringify({ intent: "updateUser" }))).status).toBe(415);
    expect((await post("text/plain", "intent=updateUser")).status).toBe(415);
    const malformed = await post(
      "multipart/form-data; boundary=xyz",
      '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupdate',
    );
    expect(malformed.status).toBe(415);
    expect(await malformed.text()).toContain("application/x-www-form-urlencoded");
  });

  it("answers an out-of-range audit page with 400", async () => {
    for (const before of ["1e308", "-1", "abc", "99999999999"]) {
      const response = await getPage(server.url, `/audit?before=${before}`, secretariat);
      expect(response.status, before).toBe(400);
    }
    expect((await getPage(server.url, "/audit?before=5", secretariat)).status).toBe(200);
  });

  it("answers a bad URL parameter of any query with 400 and a message naming it, never 500", async () => {
    const doc = `/documents/${ids.declaration}`;
    const cases: [string, string][] = [
      [`${doc}/export/exe`, 'Invalid "format" in the address: Unknown export format'],
      [`${doc}/export/html?version=${"v".repeat(65)}`, 'Invalid "version" in the address'],
      [`${doc}/compilation/export/exe`, 'Invalid "format" in the address'],
      [`${doc}/threads?visibility=public`, 'Invalid "visibility" in the address'],
      [`${doc}/threads?state=closed`, 'Invalid "state" in the address'],
      [`${doc}/amendments?status=approved`, 'Invalid "status" in the address'],
      [`${doc}/amendments?block=${"b".repeat(65)}`, 'Invalid "block" in the address'],
      [`${doc}/compare?from=${"v".repeat(65)}&to=x`, 'Invalid "from" in the address'],
      ["/audit?from=yesterday", 'Invalid "from" in the address: Use a date like 2026-11-26.'],
      ["/audit.csv?to=2026-13-45", 'Invalid "to" in the address'],
      ["/p/budapest-process/BP-MC-2025-L.1/exe", 'Invalid "format" in the address'],
    ];
    for (const [path, message] of cases) {
      const response = await getPage(server.url, path, secretariat);
      expect(response.status, path).toBe(400);
      // A page renders the message in its error page (HTML-escaped); a resource route answers it as text.
      expect((await response.text()).replace(/&quot;/g, '"'), path).toContain(message);
    }
    // Opened without what it compares, the comparison leads to the versions page, where two are chosen;
    // the options endpoint, opened in a browser, to the document (they answered 400 in a parser's words).
    for (const path of [`${doc}/compare`, `${doc}/compare?to=x`]) {
      const response = await getPage(server.url, path, secretariat);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toBe(`${doc}/versions#compare`);
    }
    const versions = await (await getPage(server.url, `${doc}/versions`, secretariat)).text();
    expect(versions).toContain("Two versions can be compared once a second one is issued.");
    const options = await getPage(server.url, `${doc}/options`, secretariat);
    expect(options.status).toBe(302);
    expect(options.headers.get("location")).toBe(doc);
    // The same filters, well formed, still answer.
    expect((await getPage(server.url, `${doc}/threads?visibility=everyone&state=open`, secretariat)).status).toBe(200);
    expect((await getPage(server.url, `${doc}/amendments?status=tabled&block=`, secretariat)).status).toBe(200);
  });

  it("answers ten concurrent additions of one email with one user and nine 409s with a field error", async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        postForm(
          server.url,
          `/admin/participants/${ids.pakistan}`,
          { intent: "addUser", name: "Twin", email: "twin@pakistan.example", delegationRole: "delegate", password: "long-enough-password" },
          secretariat,
        ),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    // The one that succeeds answers 200 with "Added …" on the same page, not a bare error.
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const refused = responses.find((response) => response.status === 409)!;
    expect(await refused.text()).toContain("Already in use.");
    expect(await db.user.count({ where: { email: "twin@pakistan.example" } })).toBe(1);
  });
});

describe("per-user limits", () => {
  it("limits the live notice streams one session may hold", async () => {
    const cookie = await signIn(server.url, "observer@iom.example");
    const controllers: AbortController[] = [];
    const open = async () => {
      const controller = new AbortController();
      controllers.push(controller);
      return fetch(`${server.url}/live/documents/${ids.declaration}`, { headers: { cookie }, signal: controller.signal });
    };
    try {
      for (let stream = 0; stream < 3; stream++) expect((await open()).status).toBe(200);
      const refused = await open();
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain("Too many live connections");
      // Another session of the same server is unaffected.
      const other = await signIn(server.url, "head@iraq.example");
      const controller = new AbortController();
      controllers.push(controller);
      expect(
        (await fetch(`${server.url}/live/documents/${ids.declaration}`, { headers: { cookie: other }, signal: controller.signal })).status,
      ).toBe(200);
    } finally {
      for (const controller of controllers) controller.abort();
    }
    // Closing streams frees their places.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const controller = new AbortController();
      status = (await fetch(`${server.url}/live/documents/${ids.declaration}`, { headers: { cookie }, signal: controller.signal })).status;
      controller.abort();
    }
    expect(status).toBe(200);
  });
});

describe("comment and mention rates", () => {
  let blockId = "";
  beforeAll(async () => {
    const reader = connectClient(server.url, documentRoom(ids.declaration), secretariat);
    await synced(reader);
    blockId = listBlocks(yDocToJson(reader.doc)).find((block) => block.number === "OP1")!.id;
    reader.destroy();
  });
  const startThread = (cookie: string, body: string) =>
    postForm(server.url, `/documents/${ids.declaration}/threads`, { visibility: "everyone", blockId, body }, cookie);
  const reply = (cookie: string, threadId: string, body: string) =>
    postForm(server.url, `/threads/${threadId}`, { intent: "reply", body }, cookie);

  it("answers a user commenting too fast with 429 and a clear message, and keeps others unaffected", async () => {
    const observer = await signIn(server.url, "observer@iom.example");
    for (let i = 1; i <= 5; i++) expect((await startThread(observer, `Observation ${i}`)).status, `comment ${i}`).toBe(200);
    const refused = await startThread(observer, "Observation 6");
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("You are commenting too fast");
    expect(await db.comment.count({ where: { body: "Observation 6" } })).toBe(0);
    const other = await signIn(server.url, "delegate@iraq.example");
    expect((await startThread(other, "Iraq's view")).status).toBe(200);
  });

  it("gives each mentioned member one unread notification per thread, and limits mentions per user", async () => {
    const hungary = await signIn(server.url, "head@hungary.example");
    const started = await startThread(hungary, "Opening the discussion on OP1");
    expect(started.status).toBe(200);
    const thread = await db.commentThread.findFirstOrThrow({ where: { comments: { some: { body: "Opening the discussion on OP1" } } } });
    for (let i = 1; i <= 3; i++)
      expect((await reply(hungary, thread.id, `@Pakistan please look (${i})`)).status, `mention ${i}`).toBeLessThan(400);
    const pakistanMembers = await db.user.findMany({ where: { participant: { code: "PAK" } } });
    expect(pakistanMembers.length).toBeGreaterThan(1);
    for (const member of pakistanMembers) {
      const notices = await db.notification.findMany({ where: { userId: member.id, threadId: thread.id, readAt: null } });
      expect(notices, member.email).toHaveLength(1);
      expect(notices[0]!.text).toContain("(3)");
    }
    const refused = await reply(hungary, thread.id, "@Pakistan once more");
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("mentioning delegations too often");
    expect(await db.comment.count({ where: { body: "@Pakistan once more" } })).toBe(0);
  });
});

describe("unexpected failures", () => {
  let broken: RunningServer;
  let url: string;
  let cookie: string;

  beforeAll(async () => {
    const database = freshDatabase();
    url = database.url;
    await database.db.$disconnect();
    broken = await startServer(database.url, { NODE_ENV: "production" });
    cookie = await signIn(broken.url, "secretariat@icmpd.example");
    // Something the code does not expect: a table is gone from under it.
    const raw = rawDatabase(url);
    await raw.execute(`DROP TABLE "AuditEntry"`);
    await raw.close();
  });
  afterAll(async () => {
    await broken?.stop();
  });

  it("answers unexpected failures with a reference id, never a stack, a path or SQL", async () => {
    for (const path of ["/audit", "/audit?_data=routes%2Faudit"]) {
      const response = await getPage(broken.url, path, cookie);
      expect(response.status, path).toBe(500);
      const body = await response.text();
      const reference = /reference\W+(?:<[^>]+>\W*)*([0-9A-F]{10})/i.exec(body)?.[1];
      expect(reference, body).toBeDefined();
      expect(body).toContain("Something went wrong on our side");
      expect(body).not.toMatch(/at .*\.(ts|js):\d+|node_modules|\/work\/|SELECT|AuditEntry|Prisma/i);
      // The operator finds the detail under the same reference.
      expect(broken.output()).toContain(`[error ${reference}]`);
    }
  });
});
