import { NextResponse } from "next/server";
import { consoleDb } from "@/lib/console/db";
import { isHttps, jsonError } from "@/lib/console/http";
import {
  OIDC_STATE_COOKIE,
  beginOidcLogin,
  parseOidcConfig,
  safeReturnTo,
} from "@/lib/console/oidc";

export const dynamic = "force-dynamic";

/** Starts an OpenID Connect sign-in: redirect to the identity provider (code flow + PKCE). */
export async function GET(request: Request) {
  let config;
  try {
    config = parseOidcConfig();
  } catch (e) {
    return jsonError(500, "OidcMisconfigured", (e as Error).message);
  }
  if (!config) return jsonError(404, "OidcDisabled", "OpenID Connect sign-in is not configured");
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get("next"));
  try {
    const { url, state } = await beginOidcLogin(consoleDb(), config, returnTo);
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
    const message = `The identity provider cannot be reached: ${(e as Error).message}`;
    return NextResponse.redirect(
      new URL(`/login?error=${encodeURIComponent(message)}`, request.url),
      303,
    );
  }
}
