import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

const root = join(__dirname, "../..");
/** The names of lib/worker a program run with tsx sees, as its JSON output says. */
function namesSeenBy(args: string[]) {
  const out = execFileSync(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return JSON.parse(out) as string[];
}

it("an ES module (a developer's .mts file) can import every name lib/worker exports", () => {
  const required = namesSeenBy([
    "-e",
    'console.log(JSON.stringify(Object.keys(require("./lib/worker"))))',
  ]);
  const imported = namesSeenBy([join(__dirname, "fixtures/worker-exports.mts")]);
  // The decision builders are the ones an `export *` hid.
  expect(required).toEqual(
    expect.arrayContaining(["Decider", "completeWorkflow", "scheduleActivity"]),
  );
  expect(required.filter((name) => !imported.includes(name))).toEqual([]);
});
