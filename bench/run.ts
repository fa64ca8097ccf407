/**
 * `npm run bench`: every benchmark, one after another (they share two cores, so never in
 * parallel). Each prints its own figures against its targets.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

const failed: string[] = [];

function run(title: string, command: string, args: string[]) {
  console.log(`\n## ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  const ok = result.status === 0;
  if (!ok) {
    const how = result.error?.message ?? result.signal ?? `exit code ${result.status}`;
    console.log(`(${title} failed: ${how})`);
    failed.push(title);
  }
  return ok;
}

function finish(): never {
  if (failed.length > 0) {
    console.error(`\nbench failed: ${failed.join(", ")}`);
    process.exit(1);
  }
  process.exit(0);
}

run("Engine", tsx, ["bench/engine.ts"]);
// Always built: a build left from older sources would measure the old console.
if (!run("Console build", join(root, "node_modules", ".bin", "next"), ["build"])) finish();
for (const [title, file] of [
  ["Console: execution list", "bench/console-list.ts"],
  ["Console: history", "bench/console-history.ts"],
  ["Console: inbox", "bench/inbox.ts"],
  ["Console: live updates", "bench/live.ts"],
] as const) {
  if (existsSync(join(root, file))) run(title, tsx, [file]);
}
finish();
