/**
 * The decision-task state of a run (the `dt_*` columns) is changed by one module only: the run,
 * in core/run.ts. (Import cycles, the engine's included, are checked in tests/architecture.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ENGINE = fileURLToPath(new URL("../../lib/engine/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("decision-task state", () => {
  it("is changed only in core/run.ts", () => {
    const writers = sources(ENGINE)
      .filter((file) => /\.dt_\w+\s*(=[^=]|\+\+|--)/.test(readFileSync(file, "utf8")))
      .map((file) => relative(ENGINE, file));
    expect(writers).toEqual(["core/run.ts"]);
  });
});
