import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { freshDatabase } from "../support/database";
import { DEMO_PASSWORD, getPage, postForm, signIn } from "../support/http";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let db: Db;
let secretariat: string;
const ids = { pakistan: "", pakistanDelegate: "", declaration: "" };

beforeAll(async () => {
  const database = freshDatabase();
  db = database.db;
  server = await startServer(database.url);
  secretariat = await signIn(server.url, "secretariat@icmpd.example");
  ids.pakistan = (await db.participant.findFirstOrThrow({ where: { code: "PAK" } })).id;
  ids.pakistanDelegate = (await db.user.findUniqueOrThrow({ where: { email: "delegate@pakistan.example" } })).id;
  ids.declaration = (await db.document.findFirstOrThrow({ where: { kind: "declaration" } })).id;
});
afterAll(async () => {
  await server?.stop();
  await db?.$disconnect();
});

const auditCount = () => db.auditEntry.count();

/** Every administrative form post, as the browser would send it. */
function adminActions(): { name: string; path: string; fields: Record<string, string> }[] {
  return [
    {
      name: "add a participant",
      path: "/admin/participants?index",
      fields: { intent: "saveParticipant", kind: "observer", name: "ICRC", code: "ICRC", colour: "#aa0000" },
    },
    {
      name: "edit a participant",
      path: `/admin/participants/${ids.pakistan}`,
      fields: { intent: "saveParticipant", kind: "state", name: "Pakistan", code: "PAK", colour: "#000000" },
    },
    {
      name: "assign the chair",
      path: "/admin/participants?index",
      fields: { intent: "assignOffice", office: "chair", userId: ids.pakistanDelegate },
    },
    {
      name: "add a user",
      path: `/admin/participants/${ids.pakistan}`,
      fields: {
        intent: "addUser",
        name: "Intruder",
        email: "intruder@example.org",
        delegationRole: "head",
        password: "long-enough-password",
      },
    },
    {
      name: "edit a user",
      path: `/admin/users/${ids.pakistanDelegate}`,
      fields: { intent: "updateUser", name: "Renamed", delegationRole: "head" },
    },
    { name: "disable a user", path: `/admin/users/${ids.pakistanDelegate}`, fields: { intent: "setUserDisabled", disabled: "true" } },
    {
      name: "reset a password",
      path: `/admin/users/${ids.pakistanDelegate}`,
      fields: { intent: "resetPassword", password: "a-new-password-123" },
    },
    {
      name: "move a document's stage",
      path: `/documents/${ids.declaration}/settings`,
      fields: { title: "X", symbol: "BP/X", language: "en", stage: "adopted" },
    },
  ];
}

describe("administration is the secretariat's alone", () => {
  for (const email of [
    "chair@turkiye.example",
    "cochair@hungary.example",
    "head@pakistan.example",
    "delegate@iraq.example",
    "observer@iom.example",
  ]) {
    it(`refuses every admin action posted directly by ${email} with 403 and changes nothing`, async () => {
      const cookie = await signIn(server.url, email);
      const before = await auditCount();
      const delegateBefore = await db.user.findUniqueOrThrow({ where: { id: ids.pakistanDelegate } });
      for (const action of adminActions()) {
        const response = await postForm(server.url, action.path, action.fields, cookie);
        expect(response.status, action.name).toBe(403);
      }
      expect(await auditCount()).toBe(before);
      expect(await db.user.findUniqueOrThrow({ where: { id: ids.pakistanDelegate } })).toEqual(delegateBefore);
      expect(await db.participant.findFirst({ where: { code: "ICRC" } })).toBeNull();
      expect((await db.document.findUniqueOrThrow({ where: { id: ids.declaration } })).stage).toBe("drafting");
      // The pages themselves are refused too, not only hidden from the menu.
      expect((await getPage(server.url, "/admin/participants", cookie)).status).toBe(403);
      expect((await getPage(server.url, "/audit", cookie)).status).toBe(403);
      // The settings page says the policy's reason, not one of its own.
      const settings = await getPage(server.url, `/documents/${ids.declaration}/settings`, cookie);
      expect(settings.status).toBe(403);
      expect(await settings.text()).toContain("Only the secretariat changes document settings.");
    });
  }

  it("refuses a cross-site form post even with a valid session", async () => {
    const response = await fetch(`${server.url}/admin/participants?index`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: secretariat, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "intent=saveParticipant&kind=observer&name=Evil&code=EVIL&colour=%23000000",
    });
    expect(response.status).toBe(403);
    expect(await db.participant.findFirst({ where: { code: "EVIL" } })).toBeNull();
  });

  it("refuses an oversized form with 413", async () => {
    const response = await postForm(
      server.url,
      "/admin/participants?index",
      { intent: "saveParticipant", name: "x".repeat(2 * 1024 * 1024) },
      secretariat,
    );
    expect(response.status).toBe(413);
  });
});

describe("the secretariat manages the process", () => {
  it("adds a participant, with a clear error for a duplicate code, and audits it", async () => {
    const created = await postForm(
      server.url,
      "/admin/participants?index",
      { intent: "saveParticipant", kind: "observer", name: "ICRC", code: "icrc", colour: "#aa0000" },
      secretariat,
    );
    expect(created.status).toBe(302);
    const icrc = await db.participant.findFirstOrThrow({ where: { code: "ICRC" } });
    expect(icrc.kind).toBe("observer");
    const duplicate = await postForm(
      server.url,
      "/admin/participants?index",
      { intent: "saveParticipant", kind: "state", name: "Other", code: "ICRC", colour: "#aa0000" },
      secretariat,
    );
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain("Another participant already uses this code.");
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "participant.create", subjectId: icrc.id } });
    expect(entry.actorName).toBe("Elena Novak");
    expect(entry.participantName).toContain("ICMPD");
  });

  it("validates forms field by field and keeps the input", async () => {
    const response = await postForm(
      server.url,
      `/admin/participants/${ids.pakistan}`,
      { intent: "addUser", name: "", email: "not-an-email", delegationRole: "head", password: "tiny-secret" },
      secretariat,
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Enter a valid email address.");
    expect(html).toContain("At least 12 characters.");
    expect(html).toContain('value="not-an-email"');
    expect(html).not.toContain("tiny-secret");
  });

  it("adds a user to a state who can then sign in, and audits it", async () => {
    const response = await postForm(
      server.url,
      `/admin/participants/${ids.pakistan}`,
      {
        intent: "addUser",
        name: "Sana Mir",
        email: "sana@pakistan.example",
        delegationRole: "delegate",
        password: "correct-horse-battery",
      },
      secretariat,
    );
    expect(response.status).toBe(200);
    // The page says what was done, and the password never comes back to the browser.
    const html = await response.text();
    expect(html).toContain("Added Sana Mir (sana@pakistan.example).");
    expect(html).not.toContain("correct-horse-battery");
    const cookie = await signIn(server.url, "sana@pakistan.example", "correct-horse-battery");
    expect(await (await getPage(server.url, "/", cookie)).text()).toContain("Sana Mir");
    expect(await db.auditEntry.count({ where: { action: "user.create" } })).toBe(1);
  });

  it("assigns the chair office, taking it from the previous holder", async () => {
    const head = await db.user.findUniqueOrThrow({ where: { email: "head@iraq.example" } });
    const response = await postForm(
      server.url,
      "/admin/participants?index",
      { intent: "assignOffice", office: "chair", userId: head.id },
      secretariat,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Chair: Layla Hassan (Iraq).");
    expect((await db.user.findUniqueOrThrow({ where: { id: head.id } })).office).toBe("chair");
    expect((await db.user.findUniqueOrThrow({ where: { email: "chair@turkiye.example" } })).office).toBeNull();
    const observer = await db.user.findUniqueOrThrow({ where: { email: "observer@iom.example" } });
    const refused = await postForm(
      server.url,
      "/admin/participants?index",
      { intent: "assignOffice", office: "co_chair", userId: observer.id },
      secretariat,
    );
    expect(refused.status).toBe(422);
    await postForm(
      server.url,
      "/admin/participants?index",
      {
        intent: "assignOffice",
        office: "chair",
        userId: (await db.user.findUniqueOrThrow({ where: { email: "chair@turkiye.example" } })).id,
      },
      secretariat,
    );
    expect(await db.auditEntry.count({ where: { action: "office.assign" } })).toBe(2);
  });

  it("ends every session of a disabled user at once", async () => {
    const cookie = await signIn(server.url, "delegate@hungary.example");
    expect((await getPage(server.url, "/", cookie)).status).toBe(200);
    const user = await db.user.findUniqueOrThrow({ where: { email: "delegate@hungary.example" } });
    const response = await postForm(server.url, `/admin/users/${user.id}`, { intent: "setUserDisabled", disabled: "true" }, secretariat);
    expect(response.status).toBe(200);
    expect((await getPage(server.url, "/", cookie)).status).toBe(302);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const again = await postForm(server.url, "/login", { email: "delegate@hungary.example", password: DEMO_PASSWORD });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("This account is disabled.");
    expect(await db.auditEntry.count({ where: { action: "user.disable", subjectId: user.id } })).toBe(1);
  });

  it("resets a password: the old one stops working and open sessions end", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: "delegate@iraq.example" } });
    const cookie = await signIn(server.url, user.email);
    await postForm(server.url, `/admin/users/${user.id}`, { intent: "resetPassword", password: "brand-new-password-1" }, secretariat);
    expect((await getPage(server.url, "/", cookie)).status).toBe(302);
    expect((await postForm(server.url, "/login", { email: user.email, password: DEMO_PASSWORD })).status).toBe(422);
    await signIn(server.url, user.email, "brand-new-password-1");
    expect(await db.auditEntry.count({ where: { action: "user.resetPassword" } })).toBe(1);
  });

  it("answers unknown ids with 404", async () => {
    expect((await getPage(server.url, "/admin/users/doesnotexist", secretariat)).status).toBe(404);
    expect((await getPage(server.url, "/documents/doesnotexist", secretariat)).status).toBe(404);
    const response = await postForm(
      server.url,
      "/admin/users/doesnotexist",
      { intent: "updateUser", name: "X", delegationRole: "head" },
      secretariat,
    );
    expect(response.status).toBe(404);
  });
});

describe("documents", () => {
  it("lets the chair create a document, refuses a delegate, and audits it", async () => {
    const chair = await signIn(server.url, "chair@turkiye.example");
    const fields = { kind: "other", title: "Chair's summary", symbol: "BP/MC/2025/CRP.1", language: "ar" };
    const created = await postForm(server.url, "/documents/new", fields, chair);
    expect(created.status).toBe(302);
    const document = await db.document.findFirstOrThrow({ where: { symbol: fields.symbol } });
    expect(document.stage).toBe("drafting");
    const page = await (await getPage(server.url, `/documents/${document.id}`, chair)).text();
    expect(page).toContain('dir="rtl"');
    expect(page).toContain("Chair&#x27;s summary");
    const delegate = await signIn(server.url, "head@pakistan.example");
    expect(await (await getPage(server.url, "/documents/new", chair)).text()).toContain("New document");
    const refusedPage = await getPage(server.url, "/documents/new", delegate);
    expect(refusedPage.status).toBe(403);
    expect(await refusedPage.text()).toContain("Only the secretariat and the chair create documents.");
    expect((await postForm(server.url, "/documents/new", { ...fields, symbol: "BP/2" }, delegate)).status).toBe(403);
    expect(await db.auditEntry.count({ where: { action: "document.create" } })).toBe(1);
  });

  it("lets the secretariat move the stage from the settings, audited", async () => {
    const response = await postForm(
      server.url,
      `/documents/${ids.declaration}/settings`,
      { title: "Draft Ministerial Declaration", symbol: "BP/MC/2025/L.1", language: "en", stage: "amendments_open" },
      secretariat,
    );
    expect(response.status).toBe(200);
    expect((await db.document.findUniqueOrThrow({ where: { id: ids.declaration } })).stage).toBe("amendments_open");
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "document.setStage" } });
    expect(JSON.parse(entry.details)).toMatchObject({ from: "drafting", to: "amendments_open" });
    const audit = await (await getPage(server.url, "/audit", secretariat)).text();
    expect(audit).toContain("document.setStage");
    // The stage select offers the current stage and the plain moves from it (getDocument.plainMoves).
    const page = await (await getPage(server.url, `/documents/${ids.declaration}/settings`, secretariat)).text();
    const stages = [...(page.match(/<select[^>]*name="stage"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? "").matchAll(/value="([a-z_]+)"/g)];
    expect(stages.map((match) => match[1])).toEqual(["amendments_open", "consolidation"]);
  });

  it("keeps the audit log append-only at the database", async () => {
    await expect(db.auditEntry.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(db.auditEntry.updateMany({ data: { action: "tampered" } })).rejects.toThrow(/append-only/);
  });
});
