import { NextResponse } from "next/server";
import { ConsoleFault } from "@/lib/console/faults";
import { loginErrorUrl } from "@/lib/console/login-errors";
import { beginOidcLogin, parseOidcConfig, safeReturnTo } from "@/lib/console/oidc";
import {
  LOGIN_TTL_MS,
  OIDC_STATE_COOKIE,
  loginStateCookie,
  loginStateKey,
} from "@/lib/console/oidc-state";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

/**
 * Starts an OpenID Connect sign-in: redirect to the identity provider (code flow + PKCE). Anyone
 * may call it, so it writes nothing on the server: the sign-in's state goes to the browser, sealed.
 */
export const GET = route({
  role: "public",
  action: "Login.Oidc",
  handle: async ({ db, query, request, log }) => {
    let config;
    try {
      config = parseOidcConfig();
    } catch (e) {
      throw new ConsoleFault(500, "OidcMisconfigured", (e as Error).message);
    }
    if (!config)
      throw new ConsoleFault(404, "OidcDisabled", "OpenID Connect sign-in is not configured");
    try {
      const { url, cookie } = await beginOidcLogin(
        loginStateKey(db),
        config,
        safeReturnTo(query.get("next")),
      );
      const response = NextResponse.redirect(url, 303);
      // Binds the callback to this browser (login CSRF).
      response.cookies.set(
        OIDC_STATE_COOKIE,
        cookie,
        loginStateCookie(request, LOGIN_TTL_MS / 1000),
      );
      return response;
    } catch (e) {
      log.warn({ err: (e as Error).message }, "the identity provider cannot be reached");
      return NextResponse.redirect(loginErrorUrl("sso_unavailable", request.url), 303);
    }
  },
});
