import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  OidcConfigError,
  beginOidcLogin,
  claimAt,
  finishOidcLogin,
  parseOidcConfig,
  roleFromClaims,
  safeReturnTo,
  usernameFromClaims,
} from "@/lib/console/oidc";
import { loginStateKey, openPendingLogin, sealPendingLogin } from "@/lib/console/oidc-state";
import { STORE_KINDS, closeStores, openStore } from "./stores";

describe("OIDC configuration", () => {
  const base = {
    OIDC_ISSUER: "https://idp.example.com/realms/ops",
    OIDC_CLIENT_ID: "swf-console",
    OIDC_REDIRECT_URI: "https://console.example.com/api/auth/oidc/callback",
  };

  it("is off without OIDC_ISSUER", () => {
    expect(parseOidcConfig({})).toBeUndefined();
    expect(parseOidcConfig({ OIDC_CLIENT_ID: "x" })).toBeUndefined();
  });

  it("reads the settings with defaults", () => {
    const c = parseOidcConfig(base)!;
    expect(c.issuer.href).toBe("https://idp.example.com/realms/ops");
    expect(c).toMatchObject({
      clientId: "swf-console",
      clientSecret: undefined,
      scopes: "openid profile email",
      roleClaim: "roles",
      roleMap: null,
      defaultRole: "viewer",
      usernameClaim: "preferred_username",
      label: "Sign in with SSO",
    });
    const d = parseOidcConfig({
      ...base,
      OIDC_CLIENT_SECRET: "s",
      OIDC_ROLE_CLAIM: "realm_access.roles",
      OIDC_ROLE_MAP: "swf-admins=admin, swf-ops=operator ,a=b=approver",
      OIDC_DEFAULT_ROLE: "none",
      OIDC_SCOPES: "openid groups",
      OIDC_LABEL: "Okta",
    })!;
    expect(d.clientSecret).toBe("s");
    expect(d.defaultRole).toBeNull();
    expect([...d.roleMap!]).toEqual([
      ["swf-admins", "admin"],
      ["swf-ops", "operator"],
      ["a=b", "approver"],
    ]);
    expect(d.label).toBe("Okta");
  });

  it("names what is wrong", () => {
    expect(() => parseOidcConfig({ ...base, OIDC_CLIENT_ID: "" })).toThrow(
      /OIDC_CLIENT_ID is required/,
    );
    expect(() => parseOidcConfig({ ...base, OIDC_REDIRECT_URI: undefined })).toThrow(
      /OIDC_REDIRECT_URI is required/,
    );
    expect(() => parseOidcConfig({ ...base, OIDC_ISSUER: "not a url" })).toThrow(OidcConfigError);
    expect(() => parseOidcConfig({ ...base, OIDC_ISSUER: "ftp://idp" })).toThrow(/http/);
    expect(() => parseOidcConfig({ ...base, OIDC_ROLE_MAP: "admins=root" })).toThrow(
      /OIDC_ROLE_MAP entry "admins=root"/,
    );
    expect(() => parseOidcConfig({ ...base, OIDC_DEFAULT_ROLE: "superuser" })).toThrow(
      /OIDC_DEFAULT_ROLE/,
    );
  });
});

describe("OIDC role mapping", () => {
  const direct = { roleClaim: "roles", roleMap: null, defaultRole: "viewer" as const };
  it("takes the highest console role among the claim's values", () => {
    expect(roleFromClaims({ roles: ["approver", "operator", "unrelated"] }, direct)).toBe(
      "operator",
    );
    expect(roleFromClaims({ roles: "admin" }, direct)).toBe("admin");
    expect(roleFromClaims({ roles: "viewer approver" }, direct)).toBe("approver");
    expect(roleFromClaims({}, direct)).toBe("viewer");
    expect(roleFromClaims({ roles: ["nothing"] }, { ...direct, defaultRole: null })).toBeNull();
  });
  it("maps IdP groups through OIDC_ROLE_MAP and reads dotted claims", () => {
    const mapped = {
      roleClaim: "realm_access.roles",
      roleMap: new Map([
        ["swf-ops", "operator"],
        ["swf-admins", "admin"],
      ] as const),
      defaultRole: null,
    };
    expect(roleFromClaims({ realm_access: { roles: ["offline", "swf-ops"] } }, mapped)).toBe(
      "operator",
    );
    expect(roleFromClaims({ realm_access: { roles: ["admin"] } }, mapped)).toBeNull(); // only mapped values count
    expect(claimAt({ "a.b": 1, a: { b: 2 } }, "a.b")).toBe(1);
    expect(claimAt({ a: { b: { c: "x" } } }, "a.b.c")).toBe("x");
    expect(claimAt({ a: 1 }, "a.b")).toBeUndefined();
  });
  it("finds a user name", () => {
    expect(
      usernameFromClaims(
        { preferred_username: "dana", email: "d@x", sub: "1" },
        { usernameClaim: "preferred_username" },
      ),
    ).toBe("dana");
    // An email counts only when the provider verified it.
    expect(
      usernameFromClaims({ email: "d@x", sub: "1" }, { usernameClaim: "preferred_username" }),
    ).toBe("1");
    expect(
      usernameFromClaims(
        { email: "d@x", email_verified: true, sub: "1" },
        { usernameClaim: "preferred_username" },
      ),
    ).toBe("d@x");
    expect(usernameFromClaims({ sub: "1" }, { usernameClaim: "upn" })).toBe("1");
    expect(usernameFromClaims({}, { usernameClaim: "upn" })).toBeUndefined();
  });
  it("returns only to local paths", () => {
    expect(safeReturnTo("/inbox?task=1")).toBe("/inbox?task=1");
    expect(safeReturnTo("//evil.example")).toBe("/");
    expect(safeReturnTo("https://evil.example")).toBe("/");
    expect(safeReturnTo("/\\evil.example")).toBe("/");
    expect(safeReturnTo(null)).toBe("/");
  });
});

/** A minimal OpenID provider: discovery, JWKS, and a token endpoint that checks PKCE. */
class FakeIdp {
  server!: Server;
  issuer = "";
  private key!: KeyObject;
  private jwk!: Record<string, unknown>;
  private codes = new Map<
    string,
    { challenge: string; nonce: string; redirectUri: string; claims: Record<string, unknown> }
  >();
  tokenRequests: URLSearchParams[] = [];

  async start() {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.key = privateKey;
    this.jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" };
    this.server = createServer((req, res) => {
      const url = new URL(req.url!, this.issuer);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === "/.well-known/openid-configuration") {
        return json(200, {
          issuer: this.issuer,
          authorization_endpoint: `${this.issuer}/authorize`,
          token_endpoint: `${this.issuer}/token`,
          jwks_uri: `${this.issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic"],
        });
      }
      if (url.pathname === "/jwks") return json(200, { keys: [this.jwk] });
      if (url.pathname === "/token" && req.method === "POST") {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          const form = new URLSearchParams(body);
          this.tokenRequests.push(form);
          // RFC 6749, section 2.3.1: id and secret are form-encoded before the Basic encoding.
          const auth = Buffer.from(
            (req.headers.authorization ?? "").replace(/^Basic /, ""),
            "base64",
          ).toString();
          const [id, secret] = auth
            .split(":")
            .map((p) => decodeURIComponent(p.replace(/\+/g, " ")));
          if (id !== "swf-console" || secret !== "s3cret")
            return json(401, { error: "invalid_client" });
          const grant = this.codes.get(form.get("code") ?? "");
          this.codes.delete(form.get("code") ?? "");
          const verifier = form.get("code_verifier") ?? "";
          if (
            !grant ||
            grant.redirectUri !== form.get("redirect_uri") ||
            createHash("sha256").update(verifier).digest("base64url") !== grant.challenge
          ) {
            return json(400, { error: "invalid_grant" });
          }
          const now = Math.floor(Date.now() / 1000);
          const idToken = this.jwt({
            iss: this.issuer,
            aud: "swf-console",
            sub: "user-1",
            iat: now,
            exp: now + 300,
            nonce: grant.nonce,
            ...grant.claims,
          });
          json(200, {
            access_token: "at",
            token_type: "Bearer",
            expires_in: 300,
            id_token: idToken,
          });
        });
        return;
      }
      json(404, {});
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  jwt(payload: Record<string, unknown>): string {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const input = `${enc({ alg: "RS256", kid: "k1", typ: "JWT" })}.${enc(payload)}`;
    return `${input}.${sign("sha256", Buffer.from(input), this.key).toString("base64url")}`;
  }

  /** What the user's browser does at the IdP: sign in, then back to the redirect URI. */
  authorize(url: URL, claims: Record<string, unknown>): URLSearchParams {
    expect(url.origin + url.pathname).toBe(`${this.issuer}/authorize`);
    const code = randomBytes(8).toString("hex");
    this.codes.set(code, {
      challenge: url.searchParams.get("code_challenge")!,
      nonce: url.searchParams.get("nonce")!,
      redirectUri: url.searchParams.get("redirect_uri")!,
      claims,
    });
    return new URLSearchParams({ code, state: url.searchParams.get("state")! });
  }
}

afterAll(closeStores);

// With PostgreSQL every console process needs one task-token key; sign-in state is sealed under it.
vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", "oidc-tests-task-token-key");

describe.each(STORE_KINDS)(
  "OIDC sign-in (authorization code + PKCE) against a fake provider (%s)",
  (kind) => {
    const idp = new FakeIdp();
    beforeAll(() => idp.start());
    afterAll(() => new Promise<void>((r) => idp.server.close(() => r())));

    const config = () =>
      parseOidcConfig({
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: "swf-console",
        OIDC_CLIENT_SECRET: "s3cret",
        OIDC_REDIRECT_URI: "http://127.0.0.1:3000/api/auth/oidc/callback",
        OIDC_ROLE_CLAIM: "groups",
        OIDC_ROLE_MAP: "swf-ops=operator,swf-admins=admin",
        OIDC_DEFAULT_ROLE: "none",
      })!;
    /** The sign-in state key of a fresh console database of this kind. */
    const freshKey = async () => loginStateKey(await openStore(kind));

    it("signs in with the role the groups map to", async () => {
      const key = await freshKey();
      const { url, state, cookie } = await beginOidcLogin(key, config(), "/inbox");
      expect(url.searchParams.get("response_type")).toBe("code");
      expect(url.searchParams.get("code_challenge_method")).toBe("S256");
      expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get("client_id")).toBe("swf-console");
      expect(url.searchParams.get("scope")).toBe("openid profile email");
      expect(url.searchParams.get("nonce")).toBeTruthy();
      expect(url.searchParams.get("state")).toBe(state);
      // The browser keeps the sign-in's state sealed: it cannot read the verifier or the nonce.
      const pending = openPendingLogin(key, cookie)!;
      expect(pending).toMatchObject({ state, returnTo: "/inbox" });
      expect(pending.nonce).toBe(url.searchParams.get("nonce"));
      for (const secret of [pending.codeVerifier, pending.nonce, "/inbox"])
        expect(cookie).not.toContain(secret);
      expect(url.href).not.toContain(pending.codeVerifier);

      const callback = idp.authorize(url, {
        preferred_username: "dana",
        groups: ["staff", "swf-ops"],
      });
      const result = await finishOidcLogin(key, config(), callback, cookie);
      expect(result).toMatchObject({ username: "dana", role: "operator", returnTo: "/inbox" });
      expect(idp.tokenRequests.at(-1)?.get("code_verifier")).toBe(pending.codeVerifier);
    });

    it("refuses a callback without this sign-in's state cookie, or with one altered or forged", async () => {
      const key = await freshKey();
      const { url, cookie } = await beginOidcLogin(key, config(), "/");
      const other = await beginOidcLogin(key, config(), "/");
      const callback = idp.authorize(url, { preferred_username: "eve", groups: ["swf-admins"] });
      const [iv, body] = cookie.split(":");
      const flipped = `${iv}:${body.slice(0, 10)}${body[10] === "A" ? "B" : "A"}${body.slice(11)}`;
      for (const wrong of [
        undefined,
        "",
        "not-sealed",
        other.cookie, // another sign-in of this browser
        flipped,
        cookie.slice(0, -4),
        // The same sign-in sealed by someone without the console's key.
        sealPendingLogin(randomBytes(32), openPendingLogin(key, cookie)!),
      ]) {
        await expect(finishOidcLogin(key, config(), callback, wrong)).rejects.toThrow(
          /state does not match/,
        );
      }
      expect(idp.tokenRequests.filter((r) => r.get("code") === callback.get("code"))).toEqual([]);
      expect(await finishOidcLogin(key, config(), callback, cookie)).toMatchObject({
        role: "admin",
      });
      // Replayed (the callback cleared the cookie; a copy kept aside): the code is spent.
      await expect(finishOidcLogin(key, config(), callback, cookie)).rejects.toThrow();
    });

    it("refuses users whose groups map to no role when the default is none", async () => {
      const key = await freshKey();
      const { url, cookie } = await beginOidcLogin(key, config(), "/");
      const callback = idp.authorize(url, { preferred_username: "mallory", groups: ["staff"] });
      await expect(finishOidcLogin(key, config(), callback, cookie)).rejects.toThrow(
        /no console role/,
      );
    });

    it("fails when the code was not issued for this PKCE verifier", async () => {
      const key = await freshKey();
      const { url, cookie } = await beginOidcLogin(key, config(), "/");
      const tampered = new URL(url);
      tampered.searchParams.set(
        "code_challenge",
        createHash("sha256").update("another verifier").digest("base64url"),
      );
      const callback = idp.authorize(tampered, { preferred_username: "x", groups: ["swf-ops"] });
      await expect(finishOidcLogin(key, config(), callback, cookie)).rejects.toThrow();
    });

    it("refuses a sign-in begun more than ten minutes ago", async () => {
      const key = await freshKey();
      const now = Date.now();
      const old = await beginOidcLogin(key, config(), "/", now - 11 * 60_000);
      const callback = idp.authorize(old.url, { preferred_username: "x", groups: ["swf-ops"] });
      await expect(finishOidcLogin(key, config(), callback, old.cookie, now)).rejects.toThrow(
        /expired/,
      );
      const recent = await beginOidcLogin(key, config(), "/", now - 9 * 60_000);
      const answer = idp.authorize(recent.url, { preferred_username: "x", groups: ["swf-ops"] });
      expect(await finishOidcLogin(key, config(), answer, recent.cookie, now)).toMatchObject({
        role: "operator",
      });
    });

    it("keeps a long return path out of the cookie", async () => {
      const key = await freshKey();
      const long = `/executions?q=${"x".repeat(5_000)}`;
      const { cookie } = await beginOidcLogin(key, config(), long);
      expect(cookie.length).toBeLessThan(2_000);
      expect(openPendingLogin(key, cookie)?.returnTo).toBe("/");
    });

    it("reports the provider's error", async () => {
      const key = await freshKey();
      const { state, cookie } = await beginOidcLogin(key, config(), "/");
      await expect(
        finishOidcLogin(
          key,
          config(),
          new URLSearchParams({
            state,
            error: "access_denied",
            error_description: "User cancelled",
          }),
          cookie,
        ),
      ).rejects.toThrow(/User cancelled/);
    });
  },
);
