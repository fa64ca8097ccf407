import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/console/audit";
import { sessionTtlMs } from "@/lib/console/config";
import { consoleDb } from "@/lib/console/db";
import { clientIp, cookieValue, sessionCookieOptions } from "@/lib/console/http";
import { OIDC_STATE_COOKIE, finishOidcLogin, parseOidcConfig } from "@/lib/console/oidc";
import { SESSION_COOKIE, createSession } from "@/lib/console/sessions";
import { recordLogin, upsertOidcUser } from "@/lib/console/users";

export const dynamic = "force-dynamic";

/** The identity provider's redirect: code → tokens → console user and session. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const db = consoleDb();
  const fail = (message: string) => {
    recordAudit(db, {
      username: "(oidc)",
      action: "Login",
      outcome: "denied",
      fault: "OidcLoginFailed",
      message,
      ip: clientIp(request),
    });
    const response = NextResponse.redirect(
      new URL(`/login?error=${encodeURIComponent(message)}`, url),
      303,
    );
    response.cookies.set(OIDC_STATE_COOKIE, "", { path: "/api/auth/oidc", maxAge: 0 });
    return response;
  };
  let config;
  try {
    config = parseOidcConfig();
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!config) return fail("OpenID Connect sign-in is not configured");
  try {
    const { username, role, returnTo } = await finishOidcLogin(
      db,
      config,
      url.searchParams,
      cookieValue(request, OIDC_STATE_COOKIE),
    );
    const user = upsertOidcUser(db, username, role);
    if (user.disabled) return fail(`${username} is disabled`);
    const session = createSession(db, user.id, sessionTtlMs(), {
      userAgent: request.headers.get("user-agent"),
      ip: clientIp(request),
    });
    recordLogin(db, user.id);
    recordAudit(db, {
      username: user.username,
      role: user.role,
      action: "Login",
      outcome: "ok",
      parameters: { via: "oidc" },
      ip: clientIp(request),
    });
    const response = NextResponse.redirect(new URL(returnTo, url), 303);
    response.cookies.set(
      SESSION_COOKIE,
      session.token,
      sessionCookieOptions(request, session.expiresAt),
    );
    response.cookies.set(OIDC_STATE_COOKIE, "", { path: "/api/auth/oidc", maxAge: 0 });
    return response;
  } catch (e) {
    return fail((e as Error).message);
  }
}
