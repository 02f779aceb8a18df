// Every domain command and query, one verb-first module each. The composition root binds
// them to a DomainContext; routes reach them only through the Remix load context.
export { signIn } from "./signIn";
export { signOut } from "./signOut";
export { getActorForSession } from "./getActorForSession";
export { saveParticipant } from "./saveParticipant";
export { addUser } from "./addUser";
export { updateUser } from "./updateUser";
export { assignOffice } from "./assignOffice";
export { setUserDisabled } from "./setUserDisabled";
export { resetPassword } from "./resetPassword";
export { createDocument } from "./createDocument";
export { updateDocumentSettings } from "./updateDocumentSettings";
export { getProcessHome } from "./getProcessHome";
export { getParticipantsAdmin, getParticipantAdmin, getUserAdmin } from "./getParticipantsAdmin";
export { listAuditEntries } from "./listAuditEntries";
export { getDocumentPage } from "./getDocumentPage";
export { getDocumentBlocks } from "./getDocumentBlocks";
export { authorizeRoom } from "./authorizeRoom";
export { getDocument } from "./getDocument";
export { proposeAmendment } from "./proposeAmendment";
export { tableAmendment } from "./tableAmendment";
export { withdrawAmendment } from "./withdrawAmendment";
export { setCosponsorship } from "./setCosponsorship";
export { recordPosition } from "./recordPosition";
export { listDocumentAmendments } from "./listDocumentAmendments";
export { getCompilation } from "./getCompilation";
export { getAmendmentWorkspace } from "./getAmendmentWorkspace";
export { getDelegationTracker } from "./getDelegationTracker";
