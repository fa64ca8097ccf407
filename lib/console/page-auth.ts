/** Session checks for server components (pages): redirect to /login when signed out. */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionIdleMs } from "./config";
import { consoleDb } from "./db";
import { sessionCookieName, sessionUser, type SessionUser } from "./sessions";

export async function pageUser(): Promise<SessionUser | undefined> {
  const jar = await cookies();
  const https = (await headers()).get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  return sessionUser(
    await consoleDb(),
    jar.get(sessionCookieName(https))?.value,
    Date.now(),
    sessionIdleMs(),
  );
}

/** The signed-in user, or a redirect to the sign-in page that comes back to `path`. */
export async function requirePageUser(path: string): Promise<SessionUser> {
  const user = await pageUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  return user;
}
