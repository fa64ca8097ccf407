/** Session checks for server components (pages): redirect to /login when signed out. */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionIdleMs } from "./config";
import { consoleDb } from "./db";
import { sessionCookieName, sessionUser, type SessionUser } from "./sessions";

/** Once per request: the root layout (the header) and the page both ask. */
export const pageUser = cache(async (): Promise<SessionUser | undefined> => {
  const jar = await cookies();
  const h = await headers();
  const https = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  return sessionUser(
    await consoleDb(),
    jar.get(sessionCookieName(https))?.value,
    Date.now(),
    sessionIdleMs(),
    // The router prefetches pages whose links come into view, which a live list does by itself:
    // a prefetch is not use of the session.
    { touch: h.get("next-router-prefetch") === null },
  );
});

/** The signed-in user, or a redirect to the sign-in page that comes back to `path`. */
export async function requirePageUser(path: string): Promise<SessionUser> {
  const user = await pageUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  return user;
}
