// What the console benchmarks share: a free port for a server, and Chromium launched the way the
// e2e tests launch it (e2e/support/chromium.ts).
import { chromium, type Browser } from "@playwright/test";
import { createServer } from "node:net";
import { CHROMIUM_LAUNCH } from "../e2e/support/chromium";

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}
