import { can } from "../../server/policies";
export const allowed = can;
