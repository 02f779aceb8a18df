import { DEMO_PASSWORD } from "../../prisma/seed";

export { DEMO_PASSWORD };

/** A browser-like form post: same-origin Origin header, no redirect following. */
export async function postForm(baseUrl: string, path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(baseUrl + path, {
    method: "POST",
    redirect: "manual",
    headers: {
      origin: baseUrl,
      "content-type": "application/x-www-form-urlencoded",
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function getPage(baseUrl: string, path: string, cookie?: string) {
  return fetch(baseUrl + path, { redirect: "manual", headers: cookie ? { cookie } : {} });
}

/** Signs in through the real login form and returns the session cookie. */
export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await postForm(baseUrl, "/login", { email, password });
  const setCookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !setCookie) {
    throw new Error(`sign-in as ${email} failed with ${response.status}: ${await response.text()}`);
  }
  return setCookie.split(";")[0]!;
}

/** Moves the test server's clock forward (NODE_ENV=test only) and returns what it reports. */
export async function advanceServerClock(baseUrl: string, ms: number): Promise<{ now: string; fired: number }> {
  const response = await fetch(`${baseUrl}/__test/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ advanceMs: ms }),
  });
  if (response.status !== 200) throw new Error(`the test clock answered ${response.status}`);
  return (await response.json()) as { now: string; fired: number };
}
