import { NextResponse } from "next/server";
import { ConsoleFault } from "@/lib/console/faults";
import { isHttps } from "@/lib/console/http";
import { loginErrorUrl } from "@/lib/console/login-errors";
import {
  OIDC_STATE_COOKIE,
  beginOidcLogin,
  parseOidcConfig,
  safeReturnTo,
} from "@/lib/console/oidc";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

/** Starts an OpenID Connect sign-in: redirect to the identity provider (code flow + PKCE). */
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
      const { url, state } = await beginOidcLogin(db, config, safeReturnTo(query.get("next")));
      const response = NextResponse.redirect(url, 303);
      // Binds the callback to this browser (login CSRF); Lax so that the IdP's top-level redirect carries it.
      response.cookies.set(OIDC_STATE_COOKIE, state, {
        httpOnly: true,
        sameSite: "lax",
        secure: isHttps(request),
        path: "/api/auth/oidc",
        maxAge: 600,
      });
      return response;
    } catch (e) {
      log.warn({ err: (e as Error).message }, "the identity provider cannot be reached");
      return NextResponse.redirect(loginErrorUrl("sso_unavailable", request.url), 303);
    }
  },
});
