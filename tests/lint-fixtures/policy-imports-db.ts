import { createDb } from "../db/client";
export const db = createDb;
