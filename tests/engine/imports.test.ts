/**
 * The engine's module graph has no cycles (type-only imports included), and the decision-task
 * state of a run (the `dt_*` columns) is changed by one module only: the run, in core/run.ts.
 * Both are read from the source: every `import … from "./x"` and `export … from "./x"` line.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

/** Relative module specifiers of one file, static and type-only alike. */
export function relativeImports(text: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\b[^"';]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']/g;
  for (const m of text.matchAll(pattern)) specifiers.push(m[1]);
  for (const m of text.matchAll(/\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g))
    specifiers.push(m[1]);
  return specifiers;
}

function resolveModule(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* next candidate */
    }
  }
  throw new Error(`${relative(ENGINE, from)}: cannot resolve ${specifier}`);
}

/** Every cycle's members, as paths relative to lib/engine (one list per strongly connected set). */
export function cycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components; a component of more than one module, or a module
  // importing itself, is a cycle.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

describe("engine module graph", () => {
  const files = sources(ENGINE);
  const graph = new Map(
    files.map((file) => [
      relative(ENGINE, file),
      relativeImports(readFileSync(file, "utf8")).map((s) =>
        relative(ENGINE, resolveModule(file, s)),
      ),
    ]),
  );

  it("reads imports of every form", () => {
    const text = [
      'import type { A } from "./a";',
      'import { b,\n  c } from "../b";',
      'export * from "./c";',
      'export type { D } from "./d";',
      'import "./side-effect";',
      'const e = await import("./e");',
      'import x from "node:fs";',
    ].join("\n");
    expect(relativeImports(text)).toEqual(["./a", "../b", "./c", "./d", "./e"]);
    expect(graph.get("engine.ts")).toContain("operations/index.ts");
  });

  it("finds a cycle when there is one", () => {
    const g = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["d"]],
      ["e", ["a"]],
    ]);
    expect(cycles(g)).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("has no import cycle, type-only imports included", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("changes a run's decision-task state only in core/run.ts", () => {
    const writers = files
      .filter((file) => /\.dt_\w+\s*(=[^=]|\+\+|--)/.test(readFileSync(file, "utf8")))
      .map((file) => relative(ENGINE, file));
    expect(writers).toEqual(["core/run.ts"]);
  });
});
