// The input schemas of the domain commands that pages submit forms to. Each command exports its
// own; this `.server` module gathers them for route actions, and Remix leaves it (with the
// commands' server-only imports) out of the browser bundle. Components use them as types only.
export { signInInput } from "../../server/domain/people/signIn";
export { addUserInput } from "../../server/domain/people/addUser";
export { updateUserInput } from "../../server/domain/people/updateUser";
export { resetPasswordInput } from "../../server/domain/people/resetPassword";
export { setUserDisabledInput } from "../../server/domain/people/setUserDisabled";
export { assignOfficeInput } from "../../server/domain/people/assignOffice";
export { participantInput } from "../../server/domain/people/saveParticipant";
export { timeZoneInput } from "../../server/domain/people/setParticipantTimeZone";
export { createDocumentInput } from "../../server/domain/documents/createDocument";
export { settingsInput } from "../../server/domain/documents/updateDocumentSettings";
export { proposeInput } from "../../server/domain/amendments/proposeAmendment";
export { tableInput } from "../../server/domain/amendments/tableAmendment";
export { withdrawInput } from "../../server/domain/amendments/withdrawAmendment";
export { cosponsorInput } from "../../server/domain/amendments/setCosponsorship";
export { positionInput } from "../../server/domain/amendments/recordPosition";
export { startInput } from "../../server/domain/comments/startThread";
export { replyInput } from "../../server/domain/comments/replyToThread";
export { editInput } from "../../server/domain/comments/editComment";
export { resolveInput } from "../../server/domain/comments/setThreadResolved";
export { reopenDocumentInput } from "../../server/domain/documents/reopenDocument";
export { decideAmendmentInput } from "../../server/domain/amendments/decideAmendment";
export { reopenDecisionInput } from "../../server/domain/amendments/reopenDecision";
export { mergeAmendmentsInput } from "../../server/domain/amendments/mergeAmendments";
export { decideInBulkInput } from "../../server/domain/amendments/decideAmendmentsInBulk";
export { issueVersionInput } from "../../server/domain/versions/issueVersion";
export { setBlockStatusInput } from "../../server/domain/documents/setBlockStatus";
export { resolveOptionSetInput } from "../../server/domain/amendments/resolveOptionSet";
export { moveStageInput } from "../../server/domain/stages/moveStage";
export { extendDeadlineInput } from "../../server/domain/stages/extendDeadline";
export { startSilenceInput } from "../../server/domain/stages/startSilence";
export { breakInput } from "../../server/domain/stages/breakSilence";
export { adoptionInput } from "../../server/domain/stages/recordAdoption";
export { publishVersionInput } from "../../server/domain/stages/publishVersion";

// The input schemas of the queries whose input comes from a URL (path and search params): the
// loader parses with them (app/utils/params.server.ts: a bad value is a 400 naming it), then the
// query takes the typed input.
export { exportInput, compilationExportInput, publishedExportInput } from "../../server/queries/exportFiles";
export { publishedTextInput } from "../../server/queries/publishedTexts";
export { auditFilterInput } from "../../server/queries/listAuditEntries";
export { threadFilterInput } from "../../server/queries/listThreads";
export { amendmentFilterInput } from "../../server/queries/listDocumentAmendments";
export { compareInput } from "../../server/queries/compareDocumentVersions";
