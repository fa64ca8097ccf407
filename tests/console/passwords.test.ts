import { describe, expect, it } from "vitest";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "@/lib/console/passwords";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("treats Unicode forms alike (NFC)", async () => {
    const hash = await hashPassword("caf\u00e9-password");
    expect(await verifyPassword("cafe\u0301-password", hash)).toBe(true);
  });

  it("fails closed on missing, malformed or tampered hashes", async () => {
    const hash = await hashPassword("secret-pass");
    expect(await verifyPassword("secret-pass", null)).toBe(false);
    expect(await verifyPassword("secret-pass", undefined)).toBe(false);
    expect(await verifyPassword("secret-pass", "plain-text")).toBe(false);
    expect(await verifyPassword("secret-pass", "scrypt$0$8$1$abc$def")).toBe(false);
    const parts = hash.split("$");
    parts[5] = Buffer.from("x".repeat(64)).toString("base64url");
    expect(await verifyPassword("secret-pass", parts.join("$"))).toBe(false);
    expect(await verifyPassword("x".repeat(2000), hash)).toBe(false);
  });

  it("checks a user without a usable password against a stand-in of a real hash's cost, made at once", async () => {
    // Before: the stand-in was a hash computed on first use (a promise), so the first unknown user
    // name of a process cost two hashes where a known one costs one.
    const stand = dummyHash();
    expect(typeof stand).toBe("string");
    const shape = (h: string) => h.split("$").map((part, i) => (i < 4 ? part : part.length));
    expect(shape(stand)).toEqual(shape(await hashPassword("any password")));
    expect(dummyHash()).not.toBe(stand);
    expect(await verifyPassword("any password", stand)).toBe(false);
  });

  it("asks for at least 8 characters", () => {
    expect(passwordProblem("short")).toMatch(/at least 8/);
    expect(passwordProblem("long enough")).toBeUndefined();
  });
});
