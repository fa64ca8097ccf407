import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, expect, it } from "vitest";
import { changedSources, consoleSources } from "../../scripts/console-build";

const root = mkdtempSync(join(tmpdir(), "console-build-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const builtAt = Date.parse("2026-01-01T00:00:00Z");
/** Writes `file` under root with `text`, modified before or after the build. */
function file(path: string, modified: "before" | "after", text = "export {};\n") {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  const when = new Date(builtAt + (modified === "after" ? 60_000 : -60_000));
  utimesSync(full, when, when);
}

// A console in miniature: pages import components and lib/ through relative and "@/" paths,
// statically, dynamically and for types; lib/worker, lib/engine and the examples sit beside it.
file("tsconfig.json", "before", JSON.stringify({ compilerOptions: { paths: { "@/*": ["./*"] } } }));
file("package-lock.json", "before");
file("next.config.js", "after");
file(".env.local", "after", "NEXT_PUBLIC_TITLE=x\n");
file("app/layout.tsx", "before", 'import "./globals.css";\nexport default function L() {}\n');
file("app/globals.css", "before", '@import "tailwindcss";\n');
file(
  "app/page.tsx",
  "before",
  'import { View } from "@/components/graph/view";\nexport { View };\n',
);
file(
  "app/api/runs/route.ts",
  "before",
  'import type { Summary } from "../../../lib/history/summary";\nexport const load = () => import("@/lib/console/store");\nexport type { Summary };\n',
);
file(
  "components/graph/view.tsx",
  "after",
  'import { layout } from "./layout";\nexport const View = layout;\n',
);
file(
  "components/graph/layout.ts",
  "after",
  'import dagre from "@dagrejs/dagre";\nexport const layout = dagre;\n',
);
file("components/unused.tsx", "after");
file("lib/history/summary.ts", "after", "export type Summary = string;\n");
file("lib/history/summary.test.ts", "after");
file("lib/console/store.ts", "after", 'import { log } from "../log";\nexport { log };\n');
file("lib/log.ts", "before", "export const log = 1;\n");
file("lib/worker/decider.ts", "after", 'import { log } from "../log";\nexport { log };\n');
file("lib/worker/README.md", "after");
file("lib/engine/server.ts", "after");
file("examples/hello/hello.ts", "after", 'import "../../lib/worker/decider";\n');
file("proxy.ts", "after", 'import "./lib/console/store";\n');
file("scripts/start.ts", "after");
file("docs/architecture.md", "after");

it("follows the console's imports from app/, proxy.ts and instrumentation.ts, and nothing else", () => {
  const sources = consoleSources(root)
    .map((f) => relative(root, f))
    .sort();
  expect(sources).toEqual([
    ".env.local",
    "app/api/runs/route.ts",
    "app/globals.css",
    "app/layout.tsx",
    "app/page.tsx",
    "components/graph/layout.ts",
    "components/graph/view.tsx",
    "lib/console/store.ts",
    "lib/history/summary.ts",
    "lib/log.ts",
    "next.config.js",
    "package-lock.json",
    "proxy.ts",
    "tsconfig.json",
  ]);
});

it("names the console's sources changed since the build, not the worker SDK, engine, docs or tests", () => {
  const changed = changedSources(root, builtAt).map((f) => relative(root, f));
  expect(changed.sort()).toEqual([
    ".env.local",
    "components/graph/layout.ts",
    "components/graph/view.tsx",
    "lib/console/store.ts",
    "lib/history/summary.ts",
    "next.config.js",
    "proxy.ts",
  ]);
});

it("names every source when there is no build yet", () => {
  expect(changedSources(root, 0).length).toBe(14);
});

it("leaves the real worker SDK, engine and examples out of the real console's sources", () => {
  const repo = join(__dirname, "../..");
  const sources = consoleSources(repo).map((f) => relative(repo, f));
  expect(sources).toContain("app/layout.tsx");
  expect(sources).toContain("lib/history/summary.ts");
  expect(
    sources.filter((f) => /^(lib\/(worker|engine|functions)|examples|scripts)\//.test(f)),
  ).toEqual([]);
});
