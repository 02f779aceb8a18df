import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb, type Db } from "../server/db/client";
import { actorFromUser } from "../server/domain/people/sessions";
import { createDomainContext, type DomainContextOptions } from "../server/domainContext";
import { isDomainError } from "../server/domain/kernel/errors";
import type { JSONContent } from "@tiptap/core";
import { block, jsonToYUpdate } from "../app/editor/documentModel";
import { documentRoom, draftRoom } from "../common/collab";
import { JUSTIFICATION_FIELD, YJS_FIELD } from "../app/editor/ydocFields";
import { blockFromJson } from "../app/editor/yBlocks";
import type { AmendmentOperation } from "../common/vocabulary";
import { proposeAmendment } from "../server/domain/amendments/proposeAmendment";
import { tableAmendment } from "../server/domain/amendments/tableAmendment";
import { issueVersion } from "../server/domain/versions/issueVersion";
import type { Actor, Role } from "../server/policies";
import type { AmendmentStatus, Stage, ThreadVisibility } from "../common/vocabulary";
import { DOMAIN_PG_TMP, DOMAIN_TEMPLATE_DB, DOMAIN_TMP } from "./support/paths";
import { freshPostgresDatabase, onPostgres } from "./support/postgres";

/**
 * A fresh copy of the migrated, empty database (domain project): its own SQLite file, or on the
 * `domain:postgres` run its own Postgres database (`file` is then "").
 */
function freshMigratedDatabase(): { url: string; file: string } {
  if (onPostgres()) return { url: freshPostgresDatabase(DOMAIN_PG_TMP), file: "" };
  const file = path.join(DOMAIN_TMP, `${randomUUID()}.db`);
  fs.copyFileSync(DOMAIN_TEMPLATE_DB, file);
  return { url: `file:${file}`, file };
}

/** The same, with a client open on it. */
export function migratedDatabase(): { url: string; file: string; db: Db } {
  const fresh = freshMigratedDatabase();
  return { ...fresh, db: createDb(fresh.url) };
}

/**
 * The domain as the server builds it (createDomainContext) over a fresh migrated, empty
 * database, with the row builders: what every `<command>.test.ts` starts from.
 */
export function domainUnderTest(options: Omit<DomainContextOptions, "databaseUrl"> = {}) {
  const { url, file } = freshMigratedDatabase();
  const runtime = createDomainContext({ ...options, databaseUrl: url });
  /** Gives a document its live text (before its room is first opened): by default one paragraph "block-1". */
  const text = (documentId: string, blocks: JSONContent[] = [block("operative", "We agree to cooperate.", { id: "block-1" })]) =>
    runtime.updateLog.append([{ room: documentRoom(documentId), data: jsonToYUpdate({ type: "doc", content: blocks }), author: null }]);
  /** Writes a delegation's drafting room as its members would: the wording (one paragraph) and the justification. */
  const draft = (amendmentId: string, wording: string, justification = "") =>
    runtime.ctx.liveDocuments.change(draftRoom(amendmentId), (doc) => {
      const fragment = doc.getXmlFragment(YJS_FIELD);
      fragment.delete(0, fragment.length);
      if (wording) fragment.insert(0, [blockFromJson(block("operative", wording))]);
      const reasons = doc.getText(JUSTIFICATION_FIELD);
      reasons.delete(0, reasons.length);
      reasons.insert(0, justification);
    });
  /**
   * A tabled amendment the way a delegation makes one: proposed (a draft room), drafted, and
   * tabled by its head, so its revision holds the frozen wording, base text and diff. The
   * document must be open for amendments and have its live text (`text`).
   */
  async function tabled(
    documentId: string,
    head: Actor,
    {
      targetBlockId = "block-1",
      operation = "replace",
      wording = "We agree to cooperate closely.",
      justification = "",
    }: {
      targetBlockId?: string;
      operation?: AmendmentOperation;
      wording?: string;
      justification?: string;
    } = {},
  ) {
    const amendment = await proposeAmendment(runtime.ctx, head, { documentId, targetBlockId, operation });
    await draft(amendment.id, operation === "delete" ? "" : wording, justification);
    await tableAmendment(runtime.ctx, head, { amendmentId: amendment.id });
    return amendment;
  }
  /** A document in consolidation with its live text and a version the chair issued (the adoption and silence tests' start). */
  async function versioned(processId: string, chair: Actor) {
    const document = await factories(runtime.ctx.db).document(processId, "consolidation");
    await text(document.id);
    const version = await issueVersion(runtime.ctx, chair, { documentId: document.id });
    return { document, version };
  }
  return { ...runtime, db: runtime.ctx.db, file, make: { ...factories(runtime.ctx.db), text, draft, tabled, versioned } };
}

/** A command's refusal as `{ status, message }`, or null when it went through; other errors propagate. */
export async function refusal(run: () => Promise<unknown>): Promise<{ status: number; message: string } | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (isDomainError(error)) return { status: error.status, message: error.message };
    throw error;
  }
}

let counter = 0;
const next = () => `${++counter}`;

/**
 * Builders of real rows for in-process tests: each returns what it created, with sensible
 * defaults, so a test states only what matters to it.
 */
export function factories(db: Db) {
  const process = () => db.process.create({ data: { name: `Process ${next()}`, slug: `process-${next()}` } });

  const participant = (processId: string, kind: "state" | "observer" | "secretariat" = "state", name = `State ${next()}`) =>
    db.participant.create({ data: { processId, kind, name, code: `S${next()}`, colour: "#336699" } });

  /** A user with the given role, in a new participant of the right kind unless one is given. */
  async function user(processId: string, role: Role, participantId?: string): Promise<Actor> {
    const kind = role === "secretariat" ? "secretariat" : role === "observer" ? "observer" : "state";
    const owner = participantId ?? (await participant(processId, kind)).id;
    const created = await db.user.create({
      data: {
        email: `user${next()}@example.org`,
        name: `${role} ${next()}`,
        passwordHash: "not-used",
        participantId: owner,
        delegationRole: role === "secretariat" ? null : role === "delegate" ? "delegate" : "head",
        office: role === "chair" ? "chair" : null,
      },
      include: { participant: true },
    });
    return actorFromUser(created);
  }

  /** A process with its chair: the start of most decision, version and stage tests. */
  async function chairedProcess() {
    const processId = (await process()).id;
    return { processId, chair: await user(processId, "chair") };
  }

  const document = (processId: string, stage: Stage = "drafting") =>
    db.document.create({
      data: { processId, kind: "declaration", title: `Declaration ${next()}`, symbol: `BP/${next()}`, language: "en", stage },
    });

  /** An amendment row as the commands leave it; "tabled" and later statuses carry a tabling date. */
  const amendment = (
    documentId: string,
    owner: Actor,
    status: AmendmentStatus = "draft",
    tabledAt: Date | null = status === "draft" ? null : new Date(),
  ) =>
    db.amendment.create({
      data: {
        documentId,
        participantId: owner.participantId,
        targetBlockId: "block-1",
        operation: "replace",
        status,
        tabledAt,
        createdById: owner.userId,
      },
    });

  const thread = (documentId: string, author: Actor, visibility: ThreadVisibility = "everyone") =>
    db.commentThread.create({
      data: { documentId, blockId: "block-1", visibility, participantId: author.participantId, authorId: author.userId },
    });

  return { process, participant, user, chairedProcess, document, amendment, thread };
}

/** Two operative paragraphs, "block-1" and "block-2": a text with a neighbour for the paragraph an amendment targets. */
export const TWO_PARAGRAPHS = [
  block("operative", "We agree to cooperate.", { id: "block-1" }),
  block("operative", "We share information.", { id: "block-2" }),
];
