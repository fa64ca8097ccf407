/**
 * Password hashing with scrypt (node:crypto), a random 16-byte salt per password, and a
 * constant-time comparison. Stored form: `scrypt$N$r$p$<salt b64url>$<hash b64url>`, so the cost
 * can be raised later without invalidating existing hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/**
 * OWASP's current recommendation for scrypt: N=2^17, r=8, p=1 (128 MiB of memory per hash).
 * `CONSOLE_SCRYPT_LOG2N` (14–20) moves N for new hashes — the test suites use 14 so that hundreds
 * of hashes stay quick; production should leave it unset.
 */
function costN(): number {
  const log2 = Number(process.env.CONSOLE_SCRYPT_LOG2N ?? "17");
  return 2 ** (Number.isInteger(log2) && log2 >= 14 && log2 <= 20 ? log2 : 17);
}
const R = 8;
const P = 1;
/** Memory one hash needs is 128·N·r bytes; Node refuses above `maxmem` (default 32 MiB). */
const maxmem = (n: number, r: number) => 128 * n * r + 16 * 1024 * 1024;
/** Stored hashes with a higher cost than this are refused rather than computed (a planted hash must not exhaust memory). */
const MAX_N = 2 ** 20;
const KEY_LENGTH = 64;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

export async function hashPassword(password: string): Promise<string> {
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error("password too long");
  const N = costN();
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, KEY_LENGTH, {
    N,
    r: R,
    p: P,
    maxmem: maxmem(N, R),
  });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/**
 * What a user without a usable password is checked against: today's cost parameters with a random
 * salt and key, so verifying costs exactly what a real hash costs and never succeeds (no user
 * enumeration by timing). Made without hashing anything: a stand-in computed on first use made the
 * first unknown name of each process take twice as long as a known one.
 */
export function dummyHash(): string {
  const random = (n: number) => randomBytes(n).toString("base64url");
  return `scrypt$${costN()}$${R}$${P}$${random(16)}$${random(KEY_LENGTH)}`;
}

export async function verifyPassword(
  password: string,
  stored: string | null | undefined,
): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  const parts = (stored ?? dummyHash()).split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, saltText, keyText] = parts;
  const expected = Buffer.from(keyText, "base64url");
  const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: 0 };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0) || expected.length < 16)
    return false;
  if (cost.N > MAX_N || cost.r > 32 || cost.p > 16) return false;
  cost.maxmem = maxmem(cost.N, cost.r);
  const actual = await scrypt(
    password.normalize("NFC"),
    Buffer.from(saltText, "base64url"),
    expected.length,
    cost,
  );
  const ok = timingSafeEqual(actual, expected);
  return stored ? ok : false;
}

/** True when a stored hash was made at a lower cost than today's (rehash it at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(n) < costN() || Number(r) < R || Number(p) < P;
}

/** Minimal strength rule for local passwords (length; the admin decides the rest). */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `must have at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}
