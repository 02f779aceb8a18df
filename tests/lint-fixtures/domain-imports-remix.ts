import { json } from "@remix-run/node";
export const reply = json;
