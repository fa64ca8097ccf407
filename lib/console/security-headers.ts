/**
 * Headers every console response carries (set in proxy.ts).
 *
 * The Content-Security-Policy allows scripts only from the console itself and inline scripts
 * that carry this response's nonce: Next.js puts the nonce on its own hydration scripts when it
 * finds it in the request's CSP header, and the layout puts it on the theme script. Inline
 * *style attributes* stay allowed — React Flow and charts position elements with them — but not
 * inline or foreign scripts. `frame-ancestors 'none'` (and X-Frame-Options for older browsers)
 * keeps the console out of other sites' frames (clickjacking).
 */
import { randomBytes } from "node:crypto";

export const NONCE_HEADER = "x-nonce";

export const newNonce = () => randomBytes(16).toString("base64");

export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its debugging aids.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: {
  nonce: string;
  https: boolean;
  dev?: boolean;
}): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(options.nonce, options.dev),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    // Execution URLs name workflows: never hand them to another site.
    "referrer-policy": "same-origin",
    ...(options.https ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}
