import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** What `next build` reads: the console's folders and the files that configure it. */
const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = [
  "instrumentation.ts",
  "proxy.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
/** Files in those folders the build never reads: documentation and tests. */
const NOT_BUILT = /(\.md|\.test\.tsx?)$/;
/** The engine, which the console reaches over HTTP only (eslint's layering rule keeps it so). */
const NOT_IMPORTED = join("lib", "engine");

/**
 * The console's source files under `root` modified after `builtAt` (epoch ms; 0: no build yet),
 * so that `npm start` rebuilds only when the console can have changed: editing the engine, the
 * worker SDK's README or a test must not cost a developer a rebuild.
 */
export function changedSources(root: string, builtAt: number): string[] {
  const files = SOURCE_DIRS.flatMap((dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && !NOT_BUILT.test(e.name))
          .map((e) => join(e.parentPath, e.name))
          .filter((file) => !relative(root, file).startsWith(NOT_IMPORTED + sep))
      : [],
  );
  files.push(...SOURCE_FILES.map((file) => join(root, file)));
  return files.filter((file) => existsSync(file) && statSync(file).mtimeMs > builtAt);
}
