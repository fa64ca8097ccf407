/**
 * Issue 12, console items 6–10: each hole, shown closed, through the real route handlers, a real
 * console database (file or memory) and a real engine.
 */
import { statSync } from "node:fs";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { fileDb, memoryDb, runAuditVerify, withUnreachableDatabase } from "./helpers";
import { queryAudit, recordAudit, verifyAuditChain } from "@/lib/console/audit";
import { PEER_HEADER, clientAddress, peerStamp } from "@/lib/console/client-address";
import { consoleDb, setConsoleDb } from "@/lib/console/db";
import type { SqliteStore } from "@/lib/console/db/sqlite";
import { loginErrorMessage } from "@/lib/console/login-errors";
import { safeReturnTo, usernameFromClaims } from "@/lib/console/oidc";
import { hashPassword, verifyPassword } from "@/lib/console/passwords";
import { BACKGROUND_HEADER } from "@/lib/console/request-headers";
import { LoginLimiter } from "@/lib/console/rate-limit";
import { createSession, sessionUser } from "@/lib/console/sessions";
import { createUser, ensureAdmin, upsertOidcUser } from "@/lib/console/users";

const ORIGIN = "http://127.0.0.1:3000";
let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
  process.env.AWS_ENDPOINT_URL_SWF = engine.url;
});
afterAll(async () => {
  setConsoleDb(undefined);
  await engine?.close();
});

const LIMITER = Symbol.for("swf-console.login-limiter");
beforeEach(async () => {
  setConsoleDb(await memoryDb());
  (globalThis as Record<symbol, unknown>)[LIMITER] = new LoginLimiter();
});

function request(
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
) {
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? "POST",
    body: init.body,
    headers: {
      host: "127.0.0.1:3000",
      origin: ORIGIN,
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
      ...init.headers,
    },
  });
}

describe("6. no open redirect after sign-in", () => {
  it("keeps only a path and query on this console", () => {
    // Before: only `//` and `/\` were refused; browsers drop tabs and newlines, so
    // `/<TAB>/evil.example` (the `next` of /login?next=/%09/evil.example) went to evil.example.
    const next = new URLSearchParams("next=/%09/evil.example").get("next");
    for (const bad of [
      next,
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\\evil.example",
      "//evil.example",
      "/..//evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil",
    ])
      expect(safeReturnTo(bad), JSON.stringify(bad)).toBe("/");
    expect(safeReturnTo("/domains/orders?status=open#top")).toBe("/domains/orders?status=open");
    expect(safeReturnTo("/inbox")).toBe("/inbox");
  });
});

describe("7. sign-in throttling", async () => {
  const login = (await import("@/app/api/auth/login/route")).POST;
  const password = (await import("@/app/api/auth/password/route")).POST;
  const tryLogin = (username: string, pw: string, headers: Record<string, string> = {}) =>
    login(
      request("/api/auth/login", { body: JSON.stringify({ username, password: pw }), headers }),
    );

  it("audits a refused sign-in under the user's own name, or as an unknown user", async () => {
    const db = await consoleDb();
    await createUser(db, { username: "Sam", password: "sam-password", role: "viewer" });
    expect((await tryLogin("sam", "wrong-password")).status).toBe(401);
    // A password typed in the user-name box: before, every viewer could read it in the audit log.
    expect((await tryLogin("hunter2-secret", "x")).status).toBe(401);
    const refused = await queryAudit(db, { action: "Login" });
    expect(refused.map((e) => [e.username, e.outcome]).sort()).toEqual([
      ["(unknown user)", "denied"],
      ["Sam", "denied"],
    ]);
    expect(JSON.stringify(refused)).not.toContain("hunter2");
  });

  it("believes X-Forwarded-For only from a trusted proxy", () => {
    // Before: clientIp took the first X-Forwarded-For entry from anyone.
    const from = (peer: string | undefined, xff: string) =>
      clientAddress(
        request("/", {
          headers: { ...(peer ? { [PEER_HEADER]: peerStamp(peer) } : {}), "x-forwarded-for": xff },
        }),
        { CONSOLE_TRUSTED_PROXIES: "10.0.0.0/8" },
      );
    expect(from("203.0.113.9", "1.2.3.4")).toBe("203.0.113.9");
    expect(from("10.1.1.1", "1.2.3.4, 198.51.100.7")).toBe("198.51.100.7");
    expect(from("10.1.1.1", "198.51.100.7, 10.2.2.2")).toBe("198.51.100.7");
    expect(from(undefined, "1.2.3.4")).toBeNull();
    const forged = request("/", {
      headers: { [PEER_HEADER]: "10.1.1.1 bm90LWEtbWFj", "x-forwarded-for": "1.2.3.4" },
    });
    expect(clientAddress(forged, { CONSOLE_TRUSTED_PROXIES: "10.0.0.0/8" })).toBeNull();
  });

  it("counts each attempt before checking it: 40 parallel guesses, a handful checked", async () => {
    await createUser(await consoleDb(), {
      username: "target",
      password: "right-password",
      role: "viewer",
    });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        tryLogin("target", `guess-${i}`, { [PEER_HEADER]: peerStamp(`198.51.100.${i}`) }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    // Before: all 40 were checked (401 each).
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  });

  it("rotating X-Forwarded-For does not escape the per-address limit", async () => {
    const peer = { [PEER_HEADER]: peerStamp("203.0.113.50") };
    const statuses: number[] = [];
    // Each guess names another user, so only the address can hold them up (20 free failures).
    for (let i = 0; i < 23; i++)
      statuses.push(
        (await tryLogin(`nobody-${i}`, "x", { ...peer, "x-forwarded-for": `192.0.2.${i}` })).status,
      );
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429, 429]);
    // The audit names the real address, not the forged one.
    expect((await queryAudit(await consoleDb(), { action: "Login" }))[0].ip).toBe("203.0.113.50");
  });

  it("throttles password changes", async () => {
    // Before: /api/auth/password had no limit: a stolen session could guess the current password.
    const db = await consoleDb();
    const u = await createUser(db, {
      username: "pat",
      password: "pat-password",
      role: "viewer",
    });
    const cookie = `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await password(
        request("/api/auth/password", {
          body: JSON.stringify({ currentPassword: `guess-${i}`, newPassword: "new-password-1" }),
          headers: { cookie },
        }),
      );
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

describe("8. OIDC identity is issuer + subject", () => {
  it("an unverified email is no user name", () => {
    // Before: `email` counted whether or not the provider had verified it.
    expect(
      usernameFromClaims({ email: "boss@corp.example", sub: "s-1" }, { usernameClaim: "email" }),
    ).toBe("s-1");
    expect(
      usernameFromClaims(
        { email: "boss@corp.example", email_verified: true, sub: "s-1" },
        { usernameClaim: "email" },
      ),
    ).toBe("boss@corp.example");
  });

  it("someone who takes a colleague's name at the provider does not get the colleague's account", async () => {
    const db = await consoleDb();
    const iss = "https://idp.example";
    const boss = await upsertOidcUser(db, {
      issuer: iss,
      subject: "s-boss",
      username: "boss",
      role: "admin",
    });
    // Before: accounts were found by user name, so this returned the boss's account.
    await expect(
      upsertOidcUser(db, { issuer: iss, subject: "s-mallory", username: "boss", role: "viewer" }),
    ).rejects.toThrow(/another OpenID Connect identity/);
    // The boss renamed at the provider is still the boss; another issuer's "s-boss" is someone else.
    expect(
      (
        await upsertOidcUser(db, {
          issuer: iss,
          subject: "s-boss",
          username: "the-boss",
          role: "admin",
        })
      ).id,
    ).toBe(boss.id);
    await expect(
      upsertOidcUser(db, {
        issuer: "https://other.example",
        subject: "s-boss",
        username: "boss",
        role: "viewer",
      }),
    ).rejects.toThrow();
  });
});

describe("9. audit", async () => {
  const swf = (await import("@/app/api/swf/[action]/route")).POST;
  const audit = (await import("@/app/api/audit/route")).GET;

  async function cookieFor(role: "viewer" | "admin" | "operator") {
    const db = await consoleDb();
    const u = await createUser(db, {
      username: `a-${role}`,
      password: "audit-password",
      role,
    });
    return `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
  }

  it("keeps at most a small, redacted part of a refused body", async () => {
    const cookie = await cookieFor("viewer");
    const huge = { domain: "d", workflowId: "w", reason: "x".repeat(500_000), password: "hunter2" };
    const r = await swf(
      request("/api/swf/TerminateWorkflowExecution", {
        body: JSON.stringify(huge),
        headers: { cookie },
      }),
      { params: Promise.resolve({ action: "TerminateWorkflowExecution" }) },
    );
    expect(r.status).toBe(403);
    const row = (await (
      await consoleDb()
    ).get<{ parameters: string }>("SELECT parameters FROM audit WHERE outcome = 'denied'"))!;
    // Before: up to 40,000 characters of whatever was sent.
    expect(row.parameters.length).toBeLessThan(600);
    expect(row.parameters).not.toContain("hunter2");
  });

  it("exports are for admins, and streamed", async () => {
    const db = await consoleDb();
    for (let i = 0; i < 1_200; i++)
      await recordAudit(db, {
        username: "u",
        action: "SignalWorkflowExecution",
        outcome: "ok",
        target: `t-${i}`,
      });
    const viewer = await cookieFor("viewer");
    // Before: any viewer could download the whole log (up to 100,000 rows built in memory).
    const refused = await audit(
      request("/api/audit?format=csv", { method: "GET", headers: { cookie: viewer } }),
    );
    expect(refused.status).toBe(403);
    expect(
      (await audit(request("/api/audit", { method: "GET", headers: { cookie: viewer } }))).status,
    ).toBe(200);
    const admin = await cookieFor("admin");
    const csv = await audit(
      request("/api/audit?format=csv", { method: "GET", headers: { cookie: admin } }),
    );
    expect(csv.status).toBe(200);
    const reader = csv.body!.getReader();
    let chunks = 0;
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += new TextDecoder().decode(value);
    }
    expect(chunks).toBeGreaterThan(2); // page by page, not one string
    expect(text.trim().split("\r\n")).toHaveLength(1 + 1_200);
    const json = await audit(
      request("/api/audit?format=json&action=SignalWorkflowExecution", {
        method: "GET",
        headers: { cookie: admin },
      }),
    );
    expect(JSON.parse(await json.text())).toHaveLength(1_200);
  });

  it("is append-only and hash-chained; audit:verify finds a changed row", async () => {
    const file = fileDb();
    try {
      const db = (await file.open()) as SqliteStore;
      // Durable: FULL (2), not NORMAL (1) as before.
      expect(db.raw.pragma("synchronous", { simple: true })).toBe(2);
      for (let i = 0; i < 5; i++)
        await recordAudit(db, { username: "u", action: "Login", outcome: "ok", ip: `10.0.0.${i}` });
      await expect(db.run("UPDATE audit SET username = 'x' WHERE id = 2")).rejects.toThrow(
        /append-only/,
      );
      await expect(db.run("DELETE FROM audit WHERE id = 2")).rejects.toThrow(/append-only/);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });
      expect(runAuditVerify(file.path)).toMatchObject({
        code: 0,
        out: expect.stringContaining("5 rows, hash chain intact"),
      });
      // Someone with the file drops the guard and edits a row.
      await db.run("DROP TRIGGER audit_no_update");
      await db.run("UPDATE audit SET ip = '192.0.2.1' WHERE id = 3");
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3 });
      expect(runAuditVerify(file.path)).toMatchObject({
        code: 1,
        out: expect.stringContaining("BROKEN at row 3"),
      });
    } finally {
      await file.cleanup();
    }
  });
});

describe("10. headers, cookies, sessions, passwords, files", async () => {
  const { proxy } = await import("@/proxy");
  const login = (await import("@/app/api/auth/login/route")).POST;

  it("sends CSP (frame-ancestors 'none'), nosniff, Referrer-Policy; HSTS over HTTPS", async () => {
    const plain = await proxy(new NextRequest(`${ORIGIN}/login`));
    const csp = plain.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("'unsafe-inline' 'strict"); // scripts need the nonce
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("referrer-policy")).toBe("same-origin");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const secure = await proxy(
      new NextRequest(`${ORIGIN}/login`, { headers: { "x-forwarded-proto": "https" } }),
    );
    expect(secure.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    // A fresh nonce per response.
    expect(
      (await proxy(new NextRequest(`${ORIGIN}/login`))).headers.get("content-security-policy"),
    ).not.toBe(csp);
  });

  it("answers 503 (not a 500) while the console database cannot be reached", async () => {
    const r = await withUnreachableDatabase(() => proxy(new NextRequest(`${ORIGIN}/api/users`)));
    expect(r.status).toBe(503);
    const body = await r.json();
    expect(body).toMatchObject({ fault: "DatabaseUnavailable" });
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("uses a __Host- session cookie over HTTPS", async () => {
    await createUser(await consoleDb(), {
      username: "sam",
      password: "sam-password",
      role: "viewer",
    });
    const r = await login(
      request("/api/auth/login", {
        body: JSON.stringify({ username: "sam", password: "sam-password" }),
        headers: { "x-forwarded-proto": "https", origin: "https://127.0.0.1:3000" },
      }),
    );
    expect(r.status).toBe(200);
    expect(r.headers.get("set-cookie")).toMatch(
      /^__Host-swf_console_session=[^;]+;.*Path=\/.*Secure/i,
    );
  });

  it("ends idle sessions", async () => {
    const db = await consoleDb();
    const user = await db.get<{ id: number }>(
      "INSERT INTO users (username, role, created_at, updated_at) VALUES ('idle', 'viewer', 0, 0) RETURNING id",
    );
    const { token } = await createSession(db, user!.id, 24 * 3_600_000, {}, 0);
    const hour = 3_600_000;
    expect(await sessionUser(db, token, 30 * 60_000, hour)).toBeDefined();
    // Before: valid until the absolute expiry however long unused.
    expect(await sessionUser(db, token, 30 * 60_000 + 2 * hour, hour)).toBeUndefined();
    expect(await sessionUser(db, token, 30 * 60_000 + 2 * hour)).toBeUndefined(); // and it is gone
  });

  it("does not count a page's own polls as use: a tab left open still goes idle", async () => {
    const { GET } = await import("@/app/api/auth/session/route");
    const db = await consoleDb();
    const user = await createUser(db, {
      username: "tab",
      password: "tab-password",
      role: "viewer",
    });
    const { token } = await createSession(db, user.id, 24 * 3_600_000);
    const seenAt = async () =>
      (await db.get<{ last_seen_at: number }>("SELECT last_seen_at FROM sessions"))!.last_seen_at;
    const setSeen = (at: number) => db.run("UPDATE sessions SET last_seen_at = ?", [at]);
    const call = (background: boolean) =>
      GET(
        request("/api/auth/session", {
          method: "GET",
          headers: {
            cookie: `swf_console_session=${token}`,
            ...(background ? { [BACKGROUND_HEADER]: "1" } : {}),
          },
        }),
      );
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    await setSeen(tenMinutesAgo);
    expect((await call(true)).status).toBe(200);
    // Before: every poll renewed the session, so an open tab never went idle.
    expect(await seenAt()).toBe(tenMinutesAgo);
    expect((await call(false)).status).toBe(200);
    expect(await seenAt()).toBeGreaterThan(tenMinutesAgo);
    // Unused for longer than the idle timeout (60 minutes), polled all along: signed out.
    await setSeen(Date.now() - 62 * 60_000);
    expect((await call(true)).status).toBe(401);
  });

  it("hashes passwords with scrypt N=2^17, r=8, p=1", async () => {
    const saved = process.env.CONSOLE_SCRYPT_LOG2N;
    delete process.env.CONSOLE_SCRYPT_LOG2N;
    try {
      const hash = await hashPassword("correct horse");
      // Before: N=16384.
      expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await verifyPassword("correct horse", hash)).toBe(true);
      expect(await verifyPassword("wrong horse", hash)).toBe(false);
    } finally {
      process.env.CONSOLE_SCRYPT_LOG2N = saved;
    }
  });

  it("holds the bootstrap admin to the password rule", async () => {
    // Before: CONSOLE_ADMIN_PASSWORD=x made an admin with the password "x".
    await expect(ensureAdmin(await consoleDb(), "x")).rejects.toThrow(
      /CONSOLE_ADMIN_PASSWORD.*at least 8/,
    );
  });

  it("shows only the console's own sentences on /login?error=", async () => {
    // Before: /login?error=<any text> put that text on the sign-in page.
    expect(loginErrorMessage("Your session expired, call +1 555 0100")).toBeUndefined();
    expect(loginErrorMessage("toString")).toBeUndefined();
    expect(loginErrorMessage("sso_failed")).toMatch(/did not complete/);
    const callback = (await import("@/app/api/auth/oidc/callback/route")).GET;
    const r = await callback(request("/api/auth/oidc/callback?code=x&state=y", { method: "GET" }));
    expect(r.status).toBe(303);
    expect(new URL(r.headers.get("location")!).search).toBe("?error=sso_not_configured");
  });

  it("creates the console's database files 0600", async () => {
    const file = fileDb();
    try {
      const db = await file.open();
      await recordAudit(db, { username: "u", action: "Login", outcome: "ok" });
      expect(statSync(file.path).mode & 0o777).toBe(0o600);
      expect(statSync(`${file.path}-wal`).mode & 0o777).toBe(0o600);
    } finally {
      await file.cleanup();
    }
  });
});
