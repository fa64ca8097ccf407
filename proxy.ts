/**
 * Every page and API route needs a session. Signed-out page requests go to /login (and come back
 * afterwards); signed-out API requests get 401. Route handlers and pages check roles themselves;
 * this is the outer wall, so that pages owned by no auth code are covered too.
 */
import { NextResponse, type NextRequest } from "next/server";
import { sessionIdleMs } from "@/lib/console/config";
import { consoleDb } from "@/lib/console/db";
import { isHttps } from "@/lib/console/http";
import { sessionCookieName, sessionUser } from "@/lib/console/sessions";

/** Reachable without a session: sign-in, health (probes) and metrics (its own bearer token). */
const PUBLIC = [
  /^\/login(\/|$)/,
  /^\/api\/auth\/(login|logout)$/,
  /^\/api\/auth\/oidc\//,
  /^\/api\/(healthz|metrics)$/,
];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((p) => p.test(pathname))) return NextResponse.next();
  const token = request.cookies.get(sessionCookieName(isHttps(request)))?.value;
  const user = sessionUser(consoleDb(), token, Date.now(), sessionIdleMs());
  if (user) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json(
      { fault: "Unauthenticated", message: "Sign in to use the console" },
      { status: 401, headers: { "cache-control": "no-store" } },
    );
  }
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(login, 307);
}

export const config = {
  // Everything but Next's own build assets. (No extension-based exclusions: workflow ids and
  // domain names may end in ".png" too. public/ is empty; add its files here if that changes.)
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico$).*)"],
};
