import { hash, verify } from "@node-rs/argon2";

// argon2id with the library defaults (19 MiB, 2 passes): slow for attackers, ~30 ms here.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash to verify against when the account does not exist, so timing does not reveal it.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$v3e9XrfPL1ljW4ZAsm4pwg$6bLO/mVC/JKwDsn9Je30n1drOdHPuQyfO2Up8Xkoa8w";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return (await verify(passwordHash ?? DUMMY_HASH, password)) && passwordHash !== null;
  } catch {
    return false;
  }
}
