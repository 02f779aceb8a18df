// Page-shaped reads that cross aggregates. Bound with the commands in services.ts.
export { getProcessHome } from "./getProcessHome";
export { getParticipantsAdmin, getParticipantAdmin, getUserAdmin } from "./getParticipantsAdmin";
export { listAuditEntries } from "./listAuditEntries";
export { getDocumentPage } from "./getDocumentPage";
export { listDocumentAmendments } from "./listDocumentAmendments";
export { getCompilation } from "./getCompilation";
export { getAmendmentWorkspace } from "./getAmendmentWorkspace";
export { getDelegationTracker } from "./getDelegationTracker";
export { listThreads } from "./listThreads";
export { listNotifications, countUnreadNotifications, markNotificationsRead } from "./listNotifications";
export { getStageInfo } from "./getStageInfo";
export { getLifecycle } from "./getLifecycle";
export { exportDocument, exportCompilation } from "./exportFiles";
export { exportPublished } from "./exportFiles";
export { getPublishedText, listPublications } from "./publishedTexts";
