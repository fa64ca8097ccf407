/**
 * Paths a developer types — a flag, or a variable set on the command line — are taken from where
 * they typed the command, whichever of the project's commands reads them: npm runs every script
 * from the project's root and names the folder it was typed in INIT_CWD. A leaf utility, so that
 * the engine, the console and the scripts resolve them the one way.
 */
import { resolve } from "node:path";

type Env = Record<string, string | undefined>;

/** `path` from where the command was typed (INIT_CWD under npm, else the current directory). */
export function typedPath(path: string, env: Env = process.env, cwd = process.cwd()): string {
  // The paths come from configuration at run time: nothing for Next.js to trace.
  return resolve(/*turbopackIgnore: true*/ env.INIT_CWD || cwd, path);
}

/**
 * A SQLite file setting: `:memory:` as it is, a typed value from where it was typed, and when
 * none was given `fallback` from the current directory — the project's root under npm, so that
 * the default lands in the project's data folder wherever the command was typed.
 */
export function sqliteFileSetting(
  value: string | undefined,
  fallback: string,
  env: Env = process.env,
  cwd = process.cwd(),
): string {
  const typed = value?.trim();
  if (typed === ":memory:") return typed;
  return typed ? typedPath(typed, env, cwd) : resolve(/*turbopackIgnore: true*/ cwd, fallback);
}
