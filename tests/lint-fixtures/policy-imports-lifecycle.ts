import * as lifecycle from "../../domain/amendments/lifecycle";
export const statuses = lifecycle;
