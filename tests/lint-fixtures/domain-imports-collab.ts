import { isCollabPath } from "../../collab/server";
export const path = isCollabPath;
