import { createCookie } from "@remix-run/node";
import { z } from "zod";

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

/** The session cookie holds only an opaque random token; the session itself lives in the database. */
export function createSessionCookie(secure: boolean) {
  const cookie = createCookie("plenary_session", { httpOnly: true, sameSite: "lax", secure, path: "/" });
  return {
    async read(cookieHeader: string | null | undefined): Promise<string | undefined> {
      const value: unknown = await cookie.parse(cookieHeader ?? null);
      const parsed = tokenSchema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    },
    write: (token: string, expiresAt: Date) => cookie.serialize(token, { expires: expiresAt }),
    clear: () => cookie.serialize("", { maxAge: 0 }),
  };
}

export type SessionCookie = ReturnType<typeof createSessionCookie>;
