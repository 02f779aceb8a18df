// Every domain command, one verb-first module each, grouped by aggregate. The composition root
// binds them to a DomainContext; routes reach them only through the Remix load context.
export { signIn } from "./people/signIn";
export { signOut } from "./people/signOut";
export { getActorForSession } from "./people/getActorForSession";
export { saveParticipant } from "./people/saveParticipant";
export { addUser } from "./people/addUser";
export { updateUser } from "./people/updateUser";
export { assignOffice } from "./people/assignOffice";
export { setUserDisabled } from "./people/setUserDisabled";
export { resetPassword } from "./people/resetPassword";
export { createDocument } from "./documents/createDocument";
export { updateDocumentSettings } from "./documents/updateDocumentSettings";
export { getDocumentBlocks } from "./documents/getDocumentBlocks";
export { authorizeRoom } from "./documents/authorizeRoom";
export { getDocument } from "./documents/getDocument";
export { proposeAmendment } from "./amendments/proposeAmendment";
export { tableAmendment } from "./amendments/tableAmendment";
export { withdrawAmendment } from "./amendments/withdrawAmendment";
export { setCosponsorship } from "./amendments/setCosponsorship";
export { recordPosition } from "./amendments/recordPosition";
export { startThread } from "./comments/startThread";
export { replyToThread } from "./comments/replyToThread";
export { editComment } from "./comments/editComment";
export { setThreadResolved } from "./comments/setThreadResolved";
export { moveStage } from "./stages/moveStage";
export { extendDeadline } from "./stages/extendDeadline";
export { sweepDeadlines } from "./stages/sweepDeadlines";
