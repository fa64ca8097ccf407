/** Session checks for server components (pages): redirect to /login when signed out. */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { consoleDb } from "./db";
import { SESSION_COOKIE, sessionUser, type SessionUser } from "./sessions";

export async function pageUser(): Promise<SessionUser | undefined> {
  const jar = await cookies();
  return sessionUser(consoleDb(), jar.get(SESSION_COOKIE)?.value);
}

/** The signed-in user, or a redirect to the sign-in page that comes back to `path`. */
export async function requirePageUser(path: string): Promise<SessionUser> {
  const user = await pageUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  return user;
}
