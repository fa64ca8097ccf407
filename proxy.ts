/**
 * Every page and API route needs a session. Signed-out page requests go to /login (and come back
 * afterwards); signed-out API requests get 401. Route handlers and pages check roles themselves;
 * this is the outer wall, so that pages owned by no auth code are covered too.
 *
 * Every response also gets the console's security headers (CSP with a per-response nonce,
 * nosniff, Referrer-Policy, frame denial, HSTS over HTTPS): see lib/console/security-headers.ts.
 */
import { NextResponse, type NextRequest } from "next/server";
import { sessionIdleMs } from "@/lib/console/config";
import { consoleDb } from "@/lib/console/db";
import { isHttps } from "@/lib/console/http";
import { NONCE_HEADER, newNonce, securityHeaders } from "@/lib/console/security-headers";
import { sessionCookieName, sessionUser } from "@/lib/console/sessions";
import { createLogger } from "@/lib/log";

const log = createLogger("console");

/** Reachable without a session: sign-in, health (probes) and metrics (its own bearer token). */
const PUBLIC = [
  /^\/login(\/|$)/,
  /^\/api\/auth\/(login|logout)$/,
  /^\/api\/auth\/oidc\//,
  /^\/api\/(healthz|metrics)$/,
];

export async function proxy(request: NextRequest) {
  const https = isHttps(request);
  const nonce = newNonce();
  const headers = securityHeaders({ nonce, https, dev: process.env.NODE_ENV === "development" });
  const withHeaders = (response: NextResponse) => {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  };
  const pass = () => {
    // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
    const forwarded = new Headers(request.headers);
    forwarded.set(NONCE_HEADER, nonce);
    forwarded.set("content-security-policy", headers["content-security-policy"]);
    return withHeaders(NextResponse.next({ request: { headers: forwarded } }));
  };

  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((p) => p.test(pathname))) return pass();
  const token = request.cookies.get(sessionCookieName(https))?.value;
  let signedIn: boolean;
  try {
    // Checked without renewing: whether a request counts as the person's use of the session
    // is the route's to say (requestUser, page-auth), and a page's background poll does not.
    signedIn = !!(await sessionUser(await consoleDb(), token, Date.now(), sessionIdleMs(), {
      touch: false,
    }));
  } catch (err) {
    // The database is down (PostgreSQL unreachable): say so, rather than a bare 500.
    log.error({ err, path: pathname }, "the console database does not answer");
    return withHeaders(
      NextResponse.json(
        { fault: "DatabaseUnavailable", message: "The console database does not answer" },
        { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } },
      ),
    );
  }
  if (signedIn) return pass();
  if (pathname.startsWith("/api/")) {
    return withHeaders(
      NextResponse.json(
        { fault: "Unauthenticated", message: "Sign in to use the console" },
        { status: 401, headers: { "cache-control": "no-store" } },
      ),
    );
  }
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
  return withHeaders(NextResponse.redirect(login, 307));
}

export const config = {
  // Everything but Next's own build assets. (No extension-based exclusions: workflow ids and
  // domain names may end in ".png" too. public/ is empty; add its files here if that changes.)
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico$).*)"],
};
