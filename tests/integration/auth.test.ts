import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { freshDatabase } from "../support/database";
import { DEMO_PASSWORD, getPage, postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let db: Db;

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  server = await startServer(database.url, { LOGIN_MAX_FAILURES_PER_ACCOUNT: "3", LOGIN_MAX_FAILURES_PER_IP: "8" });
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

describe("signing in and out", () => {
  it("redirects anonymous visitors to the sign-in page", async () => {
    const response = await getPage(server.url, "/");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2F");
  });

  it("opens a server-side session with an httpOnly, SameSite cookie and shows the process home", async () => {
    const response = await postForm(server.url, "/login", { email: "Head@Pakistan.example", password: DEMO_PASSWORD });
    expect(response.status).toBe(302);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/plenary_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const home = await getPage(server.url, "/", setCookie.split(";")[0]);
    const html = await home.text();
    expect(home.status).toBe(200);
    expect(html).toContain("Budapest Process");
    expect(html).toContain("Ayesha Khan");
    expect(html).toContain("Draft Ministerial Declaration");
    expect(await db.session.count({ where: { user: { email: "head@pakistan.example" } } })).toBeGreaterThan(0);
  });

  it("refuses a wrong password with a clear message and no cookie", async () => {
    const response = await postForm(server.url, "/login", { email: "head@iraq.example", password: "not-the-password" });
    expect(response.status).toBe(422);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.text()).toContain("Wrong email or password.");
  });

  it("ends the session on sign-out", async () => {
    const cookie = await signIn(server.url, "delegate@iraq.example");
    expect((await getPage(server.url, "/", cookie)).status).toBe(200);
    const out = await postForm(server.url, "/logout", {}, cookie);
    expect(out.status).toBe(302);
    expect((await getPage(server.url, "/", cookie)).status).toBe(302);
  });

  it("slows down repeated failures per account, even for the right password afterwards", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const failed = await postForm(server.url, "/login", { email: "head@hungary.example", password: "wrong-password" });
      expect(failed.status).toBe(422);
    }
    const throttled = await postForm(server.url, "/login", { email: "head@hungary.example", password: DEMO_PASSWORD });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await throttled.text()).toContain("Too many failed sign-in attempts");
  });

  it("slows down repeated failures per client address across accounts", async () => {
    // This file's earlier failures from 127.0.0.1 count too; the limit is 8.
    let status = 0;
    for (let attempt = 0; attempt < 8 && status !== 429; attempt++) {
      status = (await postForm(server.url, "/login", { email: `nobody${attempt}@example.org`, password: "x" })).status;
    }
    expect(status).toBe(429);
    const stillThrottled = await postForm(server.url, "/login", { email: "observer@iom.example", password: DEMO_PASSWORD });
    expect(stillThrottled.status).toBe(429);
  });
});

describe("sign-in throttling", () => {
  let proxied: RunningServer;
  beforeAll(async () => {
    const database = freshDatabase();
    await database.db.$disconnect();
    // Behind a (simulated) proxy: the client address comes from X-Forwarded-For.
    proxied = await startServer(database.url, {
      TRUST_PROXY: "1",
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "3",
      LOGIN_MAX_FAILURES_PER_IP: "1000",
      LOGIN_MAX_FAILURES_PER_ACCOUNT_NEW_ADDRESSES: "6",
      LOGIN_LOCK_SECONDS: "1",
    });
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  const attempt = (address: string, email: string, password: string) =>
    fetch(`${proxied.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: proxied.url, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address },
      body: new URLSearchParams({ email, password }).toString(),
    });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("reserves each attempt before checking it: of 50 concurrent guesses only the allowed 3 are checked", async () => {
    // Its own server with a long lock, so the lock cannot end while the burst is still arriving.
    const database = freshDatabase();
    await database.db.$disconnect();
    const burst = await startServer(database.url, {
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "3",
      LOGIN_MAX_FAILURES_PER_IP: "1000",
      LOGIN_LOCK_SECONDS: "600",
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postForm(burst.url, "/login", { email: "head@hungary.example", password: `guess-${i}` })),
    ).finally(() => burst.stop());
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 422)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(47);
  });

  it("lets the owner in from their own address while a stranger is locked out", async () => {
    expect((await attempt("10.0.0.1", "head@iraq.example", DEMO_PASSWORD)).status).toBe(302);
    for (let i = 0; i < 3; i++) expect((await attempt("10.9.9.9", "head@iraq.example", "wrong-password")).status).toBe(422);
    const stranger = await attempt("10.9.9.9", "head@iraq.example", DEMO_PASSWORD);
    expect(stranger.status).toBe(429);
    expect(await stranger.text()).toContain("Too many failed sign-in attempts");
    expect((await attempt("10.0.0.1", "head@iraq.example", DEMO_PASSWORD)).status).toBe(302);
    // A new address of the owner is fine too: three failures elsewhere are far from that limit.
    expect((await attempt("10.0.0.2", "head@iraq.example", DEMO_PASSWORD)).status).toBe(302);
  });

  it("locks a repeat guesser for longer each time", async () => {
    const retryAfters: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 3; i++) expect((await attempt("10.7.7.7", "delegate@iraq.example", "wrong-password")).status).toBe(422);
      const locked = await attempt("10.7.7.7", "delegate@iraq.example", "wrong-password");
      expect(locked.status).toBe(429);
      retryAfters.push(Number(locked.headers.get("retry-after")));
      await sleep(retryAfters.at(-1)! * 1000 + 300);
    }
    expect(retryAfters[0]).toBeGreaterThanOrEqual(1);
    expect(retryAfters[1]).toBeGreaterThan(retryAfters[0]!);
  });

  it("stops a guesser rotating addresses, but not the owner at an address they used before", async () => {
    expect((await attempt("10.1.0.1", "observer@iom.example", DEMO_PASSWORD)).status).toBe(302);
    for (let i = 1; i <= 6; i++) expect((await attempt(`10.2.0.${i}`, "observer@iom.example", "wrong-password")).status).toBe(422);
    expect((await attempt("10.2.0.99", "observer@iom.example", DEMO_PASSWORD)).status).toBe(429);
    expect((await attempt("10.1.0.1", "observer@iom.example", DEMO_PASSWORD)).status).toBe(302);
  });
});
