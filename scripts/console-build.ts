import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve, sep } from "node:path";
import ts from "typescript";

/**
 * Where `next build` starts reading: every file under app/ (any of them may be a route, a layout,
 * a style sheet or an icon), public/ (copied as is), and the root modules Next.js loads by name.
 */
const ENTRY_DIRS = ["app", "public"];
const ENTRY_FILES = ["instrumentation.ts", "proxy.ts", "middleware.ts"];
/**
 * Files that configure the build rather than being imported by it; Next.js inlines the
 * NEXT_PUBLIC_ variables of the .env files into the pages it builds.
 */
const CONFIG_FILES = [
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
  ".env",
  ".env.production",
  ".env.local",
  ".env.production.local",
];
/** Files in the entry folders the build never reads: documentation and tests. */
const NOT_BUILT = /(\.md|\.test\.tsx?)$/;
/** What can import other modules; style sheets import only packages (tailwindcss). */
const SCRIPT = /\.(tsx?|jsx?|mjs|cjs)$/;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !NOT_BUILT.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** The project's compiler options, for its `@/…` paths; the defaults when it has no tsconfig. */
function compilerOptions(root: string): ts.CompilerOptions {
  const file = join(root, "tsconfig.json");
  if (!existsSync(file)) return {};
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config ?? {}, ts.sys, root).options;
}

/**
 * The project's own files that `file` imports (statically, dynamically or by `require`), resolved
 * as the TypeScript compiler does; packages are left out (package-lock.json stands for them).
 */
function importsOf(file: string, root: string, options: ts.CompilerOptions): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  const found: string[] = [];
  for (const { fileName: specifier } of importedFiles) {
    const { resolvedModule } = ts.resolveModuleName(specifier, file, options, ts.sys);
    if (resolvedModule) {
      if (!resolvedModule.isExternalLibraryImport)
        found.push(resolve(resolvedModule.resolvedFileName));
    } else if (specifier.startsWith(".")) {
      // Non-script files (a style sheet, an image) the compiler does not resolve.
      const target = resolve(dirname(file), specifier);
      if (extname(target) && existsSync(target)) found.push(target);
    }
  }
  return found.filter((f) => f.startsWith(root + sep) && !f.includes(`${sep}node_modules${sep}`));
}

/**
 * Every file of the project the console's build reads: the entry points and, transitively, what
 * they import. Only these can change the build: the engine (reached over HTTP), the worker SDK and
 * the examples (which the console never imports), scripts, docs and tests cannot.
 */
export function consoleSources(root: string): string[] {
  root = resolve(root);
  const options = compilerOptions(root);
  const seen = new Set<string>();
  const queue = [
    ...ENTRY_DIRS.flatMap((dir) => filesUnder(join(root, dir))),
    ...ENTRY_FILES.map((file) => join(root, file)).filter((file) => existsSync(file)),
  ];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (SCRIPT.test(file)) queue.push(...importsOf(file, root, options));
  }
  return [...seen, ...CONFIG_FILES.map((file) => join(root, file)).filter((f) => existsSync(f))];
}

/**
 * The console's source files under `root` modified after `builtAt` (epoch ms; 0: no build yet),
 * so that `npm start` rebuilds only when the console can have changed: editing the engine, the
 * worker SDK, an example, a README or a test must not cost a developer a rebuild.
 */
export function changedSources(root: string, builtAt: number): string[] {
  return consoleSources(root).filter((file) => statSync(file).mtimeMs > builtAt);
}
