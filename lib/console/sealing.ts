/**
 * Sealing short secrets with AES-256-GCM: the value is unreadable without the key and any change
 * to the sealed text (or a different key) makes opening it fail. A sealed value is
 * `<iv>:<ciphertext + tag>`, both parts in the given encoding.
 *
 * One key serves several purposes through `subkey`: HKDF gives each purpose its own key, so a
 * value sealed for one purpose never opens as another's.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

type Encoding = "base64" | "base64url";

export function sealText(key: Buffer, text: string, encoding: Encoding = "base64url"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString(encoding)}:${body.toString(encoding)}`;
}

/** The text `sealed` holds; throws when it was changed, cut short or sealed under another key. */
export function openSealed(key: Buffer, sealed: string, encoding: Encoding = "base64url"): string {
  const [ivText, bodyText] = sealed.split(":");
  const iv = Buffer.from(ivText ?? "", encoding);
  const body = Buffer.from(bodyText ?? "", encoding);
  if (iv.length !== 12 || body.length < 16) throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([
    decipher.update(body.subarray(0, body.length - 16)),
    decipher.final(),
  ]).toString("utf8");
}

/** A 256-bit key for one purpose, derived from `key` (HKDF-SHA-256). */
export function subkey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `swf-console:${purpose}`, 32));
}
