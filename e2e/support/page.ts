/**
 * Page helpers shared by the console's specs: an axe check (no serious or critical violations)
 * and screenshots kept as test artifacts.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs axe on the page (WCAG 2.x A/AA rules) and fails on serious or critical violations. */
export async function expectAccessible(page: Page, options: { exclude?: string[] } = {}) {
  let builder = new AxeBuilder({ page }).withTags([
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "best-practice",
  ]);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  const summary = serious.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")} — ${n.failureSummary}`).join("\n")}`,
  );
  expect(summary, "axe: serious or critical violations").toEqual([]);
}

/**
 * A full-page screenshot attached to the test: Playwright copies it to
 * test-results/<test>/attachments/<name>-<hash>.png (kept for passing tests too) and the HTML report.
 */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = join(mkdtempSync(join(tmpdir(), "swf-shot-")), `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Picks an option of a segmented control (components/ui/segmented.tsx) by the group's label. */
export async function choose(page: Page, group: string, option: string) {
  await page.getByRole("group", { name: group }).getByText(option, { exact: true }).click();
}

/**
 * Collects the page's uncaught errors and console errors (React hydration mismatches land here),
 * ignoring the missing favicon. Call before `page.goto`; read the list at the end of the test.
 */
export function collectConsoleErrors(page: Page): () => string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (message.location().url.endsWith("/favicon.ico")) return;
    errors.push(`console: ${message.text()}`);
  });
  return () => [...errors];
}
