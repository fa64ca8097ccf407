/**
 * The session's idle timeout and a tab left open: the pages poll by themselves, and those polls
 * must not count as the person's use, or an open tab would keep its session alive for ever. The
 * browser's clock is Playwright's, so that a minute without input passes at once.
 */
import { expect, test, type Request } from "@playwright/test";

/** A console API read made by the page's own client (the live stream cannot carry headers). */
const apiRead = (background: boolean) => (r: Request) =>
  r.method() === "GET" &&
  new URL(r.url()).pathname.startsWith("/api/") &&
  !new URL(r.url()).pathname.startsWith("/api/live") &&
  (r.headers()["x-console-background"] === "1") === background;

test("a page's polls are marked background once nobody has touched the tab for a minute", async ({
  page,
}) => {
  await page.clock.install();
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();

  // Just loaded: the person is here.
  const fresh = page.waitForRequest(apiRead(false));
  await page.clock.fastForward(5_000);
  await fresh;

  // Untouched for over a minute: the same polls go on, marked as background.
  const untouched = page.waitForRequest(apiRead(true));
  await page.clock.fastForward("01:05");
  await untouched;

  // A key pressed: use again.
  await page.keyboard.press("Shift");
  const back = page.waitForRequest(apiRead(false));
  await page.clock.fastForward(5_000);
  await back;
});
