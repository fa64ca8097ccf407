/**
 * Local sign-in through the route handlers, on a real console database: repeated failures end in
 * 429 (and then even the right password waits), and changing one's password ends every other
 * session of the user while this browser stays signed in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/console/audit";
import { consoleDb, setConsoleDb } from "@/lib/console/db";
import { SESSION_COOKIE, sessionUser } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";
import { STORE_KINDS, closeStores, openStore } from "./stores";

const ORIGIN = "http://127.0.0.1:3000";
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;

afterAll(async () => {
  setConsoleDb(undefined);
  await closeStores();
});

const headers = (cookie?: string): Record<string, string> => ({
  host: "127.0.0.1:3000",
  "content-type": "application/json",
  origin: ORIGIN,
  "sec-fetch-site": "same-origin",
  ...(cookie ? { cookie } : {}),
});

async function login(username: string, password: string, cookie?: string) {
  const { POST } = await import("@/app/api/auth/login/route");
  return POST(
    new Request(`${ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: headers(cookie),
      body: JSON.stringify({ username, password }),
    }),
  );
}

/** The session cookie a response sets, as a Cookie header value. */
function sessionCookie(response: Response): string {
  const set = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(set, "a session cookie").toBeDefined();
  return set!.split(";")[0];
}
const tokenOf = (cookie: string) => cookie.slice(SESSION_COOKIE.length + 1);

async function session(cookie: string) {
  const { GET } = await import("@/app/api/auth/session/route");
  return GET(new Request(`${ORIGIN}/api/auth/session`, { headers: headers(cookie) }));
}

describe.each(STORE_KINDS)("on %s", (kind) => {
  beforeAll(async () => setConsoleDb(await openStore(kind)));

  describe("sign-in", () => {
    it("refuses with 429 after repeated failures for one user, even the right password, and names the wait", async () => {
      const username = unique("guessed");
      await createUser(await consoleDb(), { username, password: "the-right-one", role: "viewer" });
      // A handful of free failures; after them each attempt must wait (the limiter slows guessing
      // down rather than locking the account for good).
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(username, `wrong-${i}`)).status);
      expect(statuses).toEqual(Array(5).fill(401));

      const limited = await login(username, "wrong-again");
      expect(limited.status).toBe(429);
      const body = await limited.json();
      expect(body.fault).toBe("TooManyAttempts");
      expect(body.message).toMatch(/try again in \d+ s/);
      expect(limited.headers.getSetCookie()).toEqual([]);

      const right = await login(username, "the-right-one");
      expect(right.status).toBe(429);
      expect(right.headers.getSetCookie()).toEqual([]);

      // Each failure is audited; the attempts refused unheard are only counted, so that guessing
      // faster does not make the console write more.
      const denied = await queryAudit(await consoleDb(), {
        action: "Login",
        outcome: "denied",
        limit: 1000,
      });
      expect(denied.filter((e) => e.username === username).map((e) => e.fault)).toEqual(
        Array(5).fill("InvalidCredentials"),
      );

      // Another user is not held up by this one's failures.
      const other = unique("bystander");
      await createUser(await consoleDb(), {
        username: other,
        password: "their-password",
        role: "viewer",
      });
      expect((await login(other, "their-password")).status).toBe(200);
    });
  });

  describe("signing in over a session", () => {
    it("ends the session the browser held and issues a new token, never the one presented", async () => {
      const db = await consoleDb();
      const first = unique("first");
      const second = unique("second");
      await createUser(db, { username: first, password: "first-password", role: "admin" });
      await createUser(db, { username: second, password: "second-password", role: "viewer" });
      const before = sessionCookie(await login(first, "first-password"));
      const kept = sessionCookie(await login(first, "first-password"));

      // Another person signs in at the same browser: the admin's session there must not live on,
      // forgotten by the browser but still good to whoever copied the cookie.
      const after = sessionCookie(await login(second, "second-password", before));
      expect(tokenOf(after)).not.toBe(tokenOf(before));
      expect(await sessionUser(db, tokenOf(before))).toBeUndefined();
      expect((await session(before)).status).toBe(401);
      expect(await sessionUser(db, tokenOf(after))).toMatchObject({ username: second });
      // The first user's other browsers keep their sessions.
      expect((await session(kept)).status).toBe(200);

      // A refused sign-in leaves the session as it was.
      expect((await login(first, "wrong-password", after)).status).toBe(401);
      expect((await session(after)).status).toBe(200);
    });
  });

  describe("sign-in with odd input", () => {
    it("refuses a user name holding a NUL character like any other wrong name (401, audited)", async () => {
      const username = unique("nul");
      await createUser(await consoleDb(), { username, password: "the-right-one", role: "viewer" });
      const odd = `${username}\u0000`;
      const r = await login(odd, "the-right-one");
      expect(r.status).toBe(401);
      expect((await r.json()).fault).toBe("InvalidCredentials");
      const [row] = await queryAudit(await consoleDb(), {
        action: "Login",
        outcome: "denied",
        limit: 1,
      });
      // A name that is nobody's is not written down (it may be a password typed in that box).
      expect(row.username).toBe("(unknown user)");
    });
  });

  describe("changing one's password", () => {
    it("ends every other session of the user; this browser gets a fresh one", async () => {
      const { POST } = await import("@/app/api/auth/password/route");
      const username = unique("changer");
      const db = await consoleDb();
      await createUser(db, { username, password: "old-password", role: "operator" });
      const bystander = unique("bystander");
      await createUser(db, { username: bystander, password: "their-password", role: "viewer" });

      const here = sessionCookie(await login(username, "old-password"));
      const elsewhere = sessionCookie(await login(username, "old-password"));
      const someoneElse = sessionCookie(await login(bystander, "their-password"));
      expect((await session(elsewhere)).status).toBe(200);

      const changed = await POST(
        new Request(`${ORIGIN}/api/auth/password`, {
          method: "POST",
          headers: headers(here),
          body: JSON.stringify({ currentPassword: "old-password", newPassword: "new-password-1" }),
        }),
      );
      expect(changed.status).toBe(200);
      const fresh = sessionCookie(changed);
      expect(fresh).not.toBe(here);

      expect(await sessionUser(db, tokenOf(elsewhere))).toBeUndefined();
      expect(await sessionUser(db, tokenOf(here))).toBeUndefined();
      expect((await session(elsewhere)).status).toBe(401);
      expect((await session(here)).status).toBe(401);
      expect(await sessionUser(db, tokenOf(fresh))).toMatchObject({ username, role: "operator" });
      expect((await session(fresh)).status).toBe(200);
      // Other users keep theirs.
      expect((await session(someoneElse)).status).toBe(200);

      expect((await login(username, "old-password")).status).toBe(401);
      expect((await login(username, "new-password-1")).status).toBe(200);
    });
  });
});
