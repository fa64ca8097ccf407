// Signs in as the first admin (`admin`, CONSOLE_ADMIN_PASSWORD from playwright.config.ts) through
// the login page, as a person would, and saves the browser state the other specs start from.
import { expect, test as setup } from "@playwright/test";

const STATE = "e2e/.auth/state.json";

setup("sign in as admin and save the session", async ({ page }) => {
  // Signed out, every page leads to the login page, and comes back afterwards.
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login\?next=%2Faudit$/);
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "swf_console_session");
  expect(session, "session cookie").toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  await page.context().storageState({ path: STATE });
});
