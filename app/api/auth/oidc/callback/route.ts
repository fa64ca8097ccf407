import { NextResponse } from "next/server";
import { cookieValue, sessionToken, setSessionCookie } from "@/lib/console/http";
import { loginErrorUrl } from "@/lib/console/login-errors";
import { OIDC_STATE_COOKIE, loginStateCookie } from "@/lib/console/oidc-state";
import { oidcCallback } from "@/lib/console/oidc-sign-in";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

/** The identity provider's redirect: code → tokens → console user and session. */
export const GET = route({
  role: "public",
  action: "Login.OidcCallback",
  handle: async ({ db, query, request, ip }) => {
    const result = await oidcCallback(db, query, cookieValue(request, OIDC_STATE_COOKIE), {
      ip,
      userAgent: request.headers.get("user-agent"),
      previousToken: sessionToken(request),
    });
    const response = result.ok
      ? setSessionCookie(
          NextResponse.redirect(new URL(result.returnTo, request.url), 303),
          request,
          result.session.token,
          result.session.expiresAt,
        )
      : NextResponse.redirect(loginErrorUrl(result.code, request.url), 303);
    // Used once: whatever the outcome, the browser forgets this sign-in's state.
    response.cookies.set(OIDC_STATE_COOKIE, "", loginStateCookie(request, 0));
    return response;
  },
});
