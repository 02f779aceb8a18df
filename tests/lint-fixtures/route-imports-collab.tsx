import { attachCollabServer } from "../../server/collab/server";
export const attach = attachCollabServer;
