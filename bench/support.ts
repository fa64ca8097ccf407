// What the console benchmarks share: a free port for a server, and Chromium launched the way the
// e2e tests launch it (e2e/support/chromium.ts).
import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM_LAUNCH } from "../e2e/support/chromium";

export { freePort } from "../scripts/free-port";

export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}
