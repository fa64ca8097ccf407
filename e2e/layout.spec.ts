// The console's frame at the widths people use: a phone, a tablet, a small and a common laptop.
// The page never scrolls sideways, and every header control stays on screen.
import { expect, test } from "@playwright/test";
import { executionHref } from "@/components/links";
import { createDomain, e2eSwf, registerWorkflowType, seedExecution } from "./support/swf";

for (const width of [390, 768, 1024, 1280, 1536]) {
  test(`at ${width}px the header fits: no sideways scrolling, every control on screen`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto("/inbox");
    const header = page.locator("header").first();
    await expect(header.getByTestId("nav-settings")).toBeVisible();
    await expect(header.getByTestId("user-menu")).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, "the page scrolls sideways").toBe(0);
    for (const control of [
      header.getByRole("link", { name: "SWF Console" }),
      header.getByRole("link", { name: "Import" }),
      header.getByTestId("nav-settings"),
      header.getByTestId("time-settings"),
      header.getByTestId("theme-toggle"),
      header.getByTestId("user-menu"),
    ]) {
      const box = (await control.boundingBox())!;
      expect(
        box.x + box.width,
        `${await control.textContent()} ends inside the window`,
      ).toBeLessThanOrEqual(width);
    }
    // Which SWF endpoint: its badge from 1024px on (the URL in its title), the URL itself from 1536px.
    const endpoint = header.getByTestId("endpoint");
    if (width >= 1024) {
      await expect(endpoint).toBeVisible();
      await expect(endpoint).toHaveAttribute("title", /127\.0\.0\.1/);
    }
    if (width >= 1536) expect(await endpoint.innerText()).toContain("127.0.0.1");
    // The user menu, the last control, still opens.
    await header.getByTestId("user-menu").getByRole("button").first().click();
    await expect(page.getByRole("menu")).toBeVisible();
  });
}

test.describe("on a phone (390px) the operator's pages do not scroll sideways", () => {
  let domain: string;
  let open: { workflowId: string; runId: string };
  test.beforeAll(async () => {
    const swf = e2eSwf();
    domain = await createDomain(swf, "e2e-layout");
    const type = await registerWorkflowType(swf, domain, { name: "Narrow", version: "1" });
    // Histories with task lists: the dashboard's widest table.
    await seedExecution(swf, domain, "completed", { workflowType: type });
    open = await seedExecution(swf, domain, "open", { workflowType: type });
  });

  for (const [name, path] of [
    ["executions list", (d: string) => `/domains/${d}`],
    ["dashboard", (d: string) => `/domains/${d}/dashboard`],
    ["settings", () => "/settings"],
    ["open run's page", (d: string) => executionHref(d, open.workflowId, open.runId)],
  ] as const) {
    test(name, async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(path(domain));
      await expect(page.locator("main")).not.toContainText("Loading");
      if (name === "dashboard") await expect(page.getByTestId("backlog").first()).toBeVisible();
      if (name === "open run's page")
        await expect(page.getByTestId("pending-decision")).toBeVisible();
      if (name === "executions list")
        await expect(page.getByTestId("execution-row")).not.toHaveCount(0);
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(sideways, "the page scrolls sideways").toBe(0);
    });
  }
});
