import { z } from "zod";
import { DELEGATION_ROLES, DOCUMENT_KINDS, OFFICES, PARTICIPANT_KINDS, STAGES, THREAD_VISIBILITIES } from "../../../common/vocabulary";

// The database keeps the vocabulary (stages, kinds, roles, visibilities) as plain strings: SQLite
// has no enums, and the Postgres schema mirrors it. Rows are parsed here once, as they leave a
// query, so commands and pages get the vocabulary's union types without a cast, and a value the
// code does not know fails loudly there instead of reaching a page as a badge without a label.

/** Parses the named columns of a row with their schemas, keeping the other columns as they are. */
function columns<Schemas extends z.ZodRawShape>(schemas: Schemas) {
  const schema = z.object(schemas);
  return <Row extends { [K in keyof Schemas]: unknown }>(row: Row): Omit<Row, keyof Schemas> & z.infer<typeof schema> => ({
    ...row,
    ...schema.parse(row),
  });
}

export const documentColumns = columns({ kind: z.enum(DOCUMENT_KINDS), stage: z.enum(STAGES) });
export const participantColumns = columns({ kind: z.enum(PARTICIPANT_KINDS) });
export const userColumns = columns({ delegationRole: z.enum(DELEGATION_ROLES).nullable(), office: z.enum(OFFICES).nullable() });
export const officeColumns = columns({ office: z.enum(OFFICES) });
export const threadColumns = columns({ visibility: z.enum(THREAD_VISIBILITIES) });
