/**
 * OpenID Connect sign-in through the console's own routes (/api/auth/oidc/login → the provider →
 * /api/auth/oidc/callback) against a real OpenID provider (`oidc-provider`) started here, its
 * sign-in and consent pages driven as a browser would: the callback sets a working session
 * cookie for the mapped role, and refuses a user the console has disabled.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/console/audit";
import { consoleDb, setConsoleDb, type Db } from "@/lib/console/db";
import {
  OIDC_STATE_COOKIE,
  loginStateKey,
  openPendingLogin,
  sealPendingLogin,
} from "@/lib/console/oidc-state";
import { SESSION_COOKIE, sessionUser } from "@/lib/console/sessions";
import { createUser, findUser, updateUser } from "@/lib/console/users";
import { STORE_KINDS, closeStores, openStore } from "./stores";

const CONSOLE = "http://127.0.0.1:3000";
const REDIRECT = `${CONSOLE}/api/auth/oidc/callback`;

/** The provider's people: account id (sub) → claims. */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  "sub-dana": { preferred_username: "dana", groups: ["staff", "swf-ops"] },
  "sub-erin": { preferred_username: "erin", groups: ["swf-admins", "swf-ops"] },
};

let server: Server;
let issuer = "";
const saved = { ...process.env };

beforeAll(async () => {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, r) => r.end();
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "swf-console",
        client_secret: "s3cret",
        redirect_uris: [REDIRECT],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: {
      openid: ["sub"],
      profile: ["preferred_username", "groups"],
      email: ["email"],
    },
    async findAccount(_ctx, sub) {
      const claims = ACCOUNTS[sub];
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    cookies: { keys: ["test-cookie-key"] },
    jwks: {
      keys: [
        {
          ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
            format: "jwk",
          }),
          kid: "test",
          alg: "RS256",
          use: "sig",
        },
      ],
    },
  });
  handler = provider.callback();
  Object.assign(process.env, {
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: "swf-console",
    OIDC_CLIENT_SECRET: "s3cret",
    OIDC_REDIRECT_URI: REDIRECT,
    OIDC_ROLE_CLAIM: "groups",
    OIDC_ROLE_MAP: "swf-ops=operator,swf-admins=admin",
    OIDC_DEFAULT_ROLE: "none",
    // Sign-in state is sealed under (a key derived from) the task-token key, which every console
    // process sharing a PostgreSQL database must have.
    CONSOLE_TASK_TOKEN_KEY: "oidc-callback-tests-key",
  });
});

afterAll(async () => {
  setConsoleDb(undefined);
  await closeStores();
  process.env = saved;
  await new Promise<void>((r) => server?.close(() => r()));
});

/** Cookies by name, as a browser keeps them for one site. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1);
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * The whole sign-in as a browser makes it: the console's login route, the provider's sign-in
 * and consent pages, and the console's callback, whose response is returned.
 */
async function signInAs(
  accountId: string,
  next = "/inbox",
  /** What the browser presents as the state cookie at the callback, from what it was given. */
  stateCookie: (given: string) => string | undefined = (given) => given,
) {
  const login = await import("@/app/api/auth/oidc/login/route");
  const callback = await import("@/app/api/auth/oidc/callback/route");
  const consoleJar = new Jar();
  const idpJar = new Jar();

  const started = await login.GET(
    new Request(`${CONSOLE}/api/auth/oidc/login?next=${encodeURIComponent(next)}`),
  );
  expect(started.status).toBe(303);
  consoleJar.take(started);
  expect(consoleJar.get(OIDC_STATE_COOKIE)).toBeTruthy();

  let location = new URL(started.headers.get("location")!);
  expect(location.origin).toBe(issuer);
  let form: Record<string, string> | undefined;
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(location, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: idpJar.header(),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    });
    idpJar.take(response);
    form = undefined;
    if (response.status >= 300 && response.status < 400) {
      location = new URL(response.headers.get("location")!, location);
      if (location.href.startsWith(REDIRECT)) break;
      continue;
    }
    // A page of the provider: its sign-in form (any password will do), then its consent form.
    const html = await response.text();
    expect(response.status, html).toBe(200);
    location = new URL(/<form[^>]*action="([^"]+)"/.exec(html)![1].replace(/&amp;/g, "&"), issuer);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)![1];
    form = prompt === "login" ? { prompt, login: accountId, password: "any" } : { prompt };
  }
  expect(location.href.startsWith(REDIRECT), `back at the console: ${location}`).toBe(true);

  const presented = stateCookie(consoleJar.get(OIDC_STATE_COOKIE)!);
  return callback.GET(
    new Request(location.href, {
      headers: {
        host: "127.0.0.1:3000",
        ...(presented === undefined ? {} : { cookie: `${OIDC_STATE_COOKIE}=${presented}` }),
      },
    }),
  );
}

/** Rows in every table of the console database, by table. */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.all<{ name: string }>(
    db.dialect === "sqlite"
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables)
    counts[name] = Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${name}`))!.n);
  return counts;
}

function sessionCookieOf(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`));
}

describe.each(STORE_KINDS)("OIDC callback route (%s)", (kind) => {
  beforeAll(async () => {
    const db = await openStore(kind);
    setConsoleDb(db);
    // A local admin, so that an OIDC admin is never the last one (which could not be disabled).
    await createUser(db, { username: "admin", password: "admin-password", role: "admin" });
  });

  it("signs in with the mapped role: a session cookie that works, back where the user started", async () => {
    const response = await signInAs("sub-dana", "/inbox");
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!).pathname).toBe("/inbox");
    const cookie = sessionCookieOf(response);
    expect(cookie, "the session cookie").toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = cookie!.split(";")[0].slice(SESSION_COOKIE.length + 1);
    expect(await sessionUser(await consoleDb(), token)).toMatchObject({
      username: "dana",
      role: "operator",
      source: "oidc",
    });

    const { GET } = await import("@/app/api/auth/session/route");
    const me = await GET(
      new Request(`${CONSOLE}/api/auth/session`, {
        headers: { host: "127.0.0.1:3000", cookie: `${SESSION_COOKIE}=${token}` },
      }),
    );
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { username: "dana", role: "operator" } });
  });

  it("refuses a user the console has disabled: no session, back to the sign-in page with why", async () => {
    // Known to the console from an earlier sign-in, then disabled by an admin.
    const first = await signInAs("sub-erin");
    expect(sessionCookieOf(first)).toBeDefined();
    const db = await consoleDb();
    expect(await findUser(db, "erin")).toMatchObject({ role: "admin", disabled: false });
    const erin = (await findUser(db, "erin"))!;
    await updateUser(db, "erin", { disabled: true });
    const sessions = () =>
      db.get<{ n: number }>("SELECT count(*) AS n FROM sessions WHERE user_id = ?", [erin.id]);
    const sessionsBefore = await sessions();
    expect(sessionsBefore).toEqual({ n: 1 });

    const response = await signInAs("sub-erin");
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("error")).toBe("account_disabled");
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(await sessions()).toEqual(sessionsBefore);
    expect(
      (await queryAudit(db, { limit: 100 })).find(
        (e) => e.action === "Login" && e.outcome === "denied",
      ),
    ).toMatchObject({ fault: "OidcLoginFailed", message: expect.stringMatching(/erin/) });
  });

  it("starting sign-ins writes nothing to the database: the state goes to the browser, sealed", async () => {
    const login = await import("@/app/api/auth/oidc/login/route");
    const db = await consoleDb();
    const before = await rowCounts(db);
    for (let i = 0; i < 40; i++) {
      const started = await login.GET(
        new Request(`${CONSOLE}/api/auth/oidc/login?next=/inbox%3Fn%3D${i}`),
      );
      expect(started.status).toBe(303);
    }
    expect(await rowCounts(db)).toEqual(before);

    // The cookie: HttpOnly, SameSite=Lax, only for the sign-in routes, short-lived; Secure over https.
    const overHttps = await login.GET(
      new Request(`${CONSOLE}/api/auth/oidc/login`, { headers: { "x-forwarded-proto": "https" } }),
    );
    const overHttp = await login.GET(new Request(`${CONSOLE}/api/auth/oidc/login`));
    const stateCookieOf = (r: Response) =>
      r.headers.getSetCookie().find((c) => c.startsWith(`${OIDC_STATE_COOKIE}=`))!;
    for (const r of [overHttps, overHttp]) {
      expect(stateCookieOf(r)).toMatch(/; HttpOnly/i);
      expect(stateCookieOf(r)).toMatch(/; SameSite=Lax/i);
      expect(stateCookieOf(r)).toMatch(/; Path=\/api\/auth\/oidc(;|$)/i);
      expect(stateCookieOf(r)).toMatch(/; Max-Age=600(;|$)/i);
    }
    expect(stateCookieOf(overHttps)).toMatch(/; Secure/i);
    expect(stateCookieOf(overHttp)).not.toMatch(/; Secure/i);

    // And a whole sign-in still works, and clears the cookie at the callback.
    const response = await signInAs("sub-dana", "/failures");
    expect(new URL(response.headers.get("location")!).pathname).toBe("/failures");
    expect(sessionCookieOf(response)).toBeDefined();
    expect(stateCookieOf(response)).toMatch(/^swf_console_oidc_state=;.*Max-Age=0/i);
  });

  it("a missing, altered, forged or expired state cookie ends at the sign-in page, not a 500", async () => {
    const db = await consoleDb();
    const key = loginStateKey(db);
    const refusedAt = async (stateCookie: (given: string) => string | undefined) => {
      const response = await signInAs("sub-dana", "/inbox", stateCookie);
      expect(response.status).toBe(303);
      expect(sessionCookieOf(response)).toBeUndefined();
      const location = new URL(response.headers.get("location")!);
      return `${location.pathname}?${location.searchParams}`;
    };
    const refusals = {
      missing: await refusedAt(() => undefined),
      garbage: await refusedAt(() => "garbage"),
      altered: await refusedAt((given) => `${given.slice(0, -6)}AAAAAA`),
      // Sealed by someone without the console's key (here: another, random one).
      forged: await refusedAt((given) =>
        sealPendingLogin(randomBytes(32), openPendingLogin(key, decodeURIComponent(given))!),
      ),
      // The same sign-in, ten minutes and a second after it began.
      expired: await refusedAt((given) =>
        sealPendingLogin(key, {
          ...openPendingLogin(key, decodeURIComponent(given))!,
          expiresAt: Date.now() - 1,
        }),
      ),
    };
    for (const where of Object.values(refusals)) expect(where).toBe("/login?error=sso_failed");
    const denied = (await queryAudit(db, { limit: 100 }))
      .filter((e) => e.fault === "OidcLoginFailed")
      .map((e) => e.message);
    expect(denied.slice(0, 5).reverse()).toEqual([
      ...Array(4).fill("the sign-in state does not match; start again"),
      "the sign-in attempt expired; start again",
    ]);
  });

  it("failed callbacks from one address are throttled like failed passwords, and then not written down", async () => {
    const db = await consoleDb();
    const { oidcCallback } = await import("@/lib/console/oidc-sign-in");
    const ip = `203.0.113.${kind === "sqlite" ? 1 : 2}`;
    const callback = (from: string) =>
      oidcCallback(db, new URLSearchParams({ code: "c", state: "s" }), undefined, {
        ip: from,
        userAgent: null,
      });
    const deniedFrom = async (from: string) =>
      (await queryAudit(db, { limit: 1000 })).filter(
        (e) => e.fault === "OidcLoginFailed" && e.ip === from,
      ).length;

    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const result = await callback(ip);
      if (!result.ok) codes.push(result.code);
    }
    expect(codes).toEqual(Array(20).fill("sso_failed"));
    expect(await deniedFrom(ip)).toBe(20);

    // Past the address's free failures each attempt must wait; one that comes sooner is refused
    // without a row, so sending faster does not make the console write more.
    for (let i = 0; i < 10; i++)
      expect(await callback(ip)).toEqual({ ok: false, code: "sso_throttled" });
    expect(await deniedFrom(ip)).toBe(20);

    // Another address is not held up.
    expect(await callback("198.51.100.9")).toEqual({ ok: false, code: "sso_failed" });
  });
});
