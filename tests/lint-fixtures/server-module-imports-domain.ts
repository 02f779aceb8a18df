import { isDomainError } from "../../server/domain/kernel/errors";
export const check = isDomainError;
