import { createDb } from "../../server/db/client";
export const db = createDb;
