import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, expect, it } from "vitest";
import { changedSources } from "../../scripts/console-build";

const root = mkdtempSync(join(tmpdir(), "console-build-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const builtAt = Date.parse("2026-01-01T00:00:00Z");
/** Writes `file` under root, modified before or after the build. */
function file(path: string, modified: "before" | "after") {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, "x");
  const when = new Date(builtAt + (modified === "after" ? 60_000 : -60_000));
  utimesSync(full, when, when);
}

it("names the console's sources changed since the build, but not docs, tests or the engine", () => {
  file("app/page.tsx", "before");
  file("lib/history/summary.ts", "after");
  file("components/graph/view.tsx", "after");
  file("next.config.js", "after");
  file("proxy.ts", "after");
  file("package-lock.json", "before");
  file("lib/worker/README.md", "after");
  file("lib/history/summary.test.ts", "after");
  file("lib/engine/server.ts", "after");
  file("lib/engineering.ts", "after");
  file("scripts/start.ts", "after");
  const changed = changedSources(root, builtAt).map((f) => relative(root, f));
  expect(changed.sort()).toEqual([
    "components/graph/view.tsx",
    "lib/engineering.ts",
    "lib/history/summary.ts",
    "next.config.js",
    "proxy.ts",
  ]);
});

it("names every source when there is no build yet", () => {
  expect(changedSources(root, 0).length).toBe(7);
});
