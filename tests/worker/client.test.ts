import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

it("a worker program's client prints no warning about the AWS SDK release the project pins", () => {
  const env = { ...process.env };
  // Vitest sets it for every test; a developer's program has nothing set.
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      'require("./lib/worker").createSwfClient({ endpoint: "http://127.0.0.1:9" }); setTimeout(() => console.log("made"), 50);',
    ],
    { cwd: join(__dirname, "../.."), env, encoding: "utf8" },
  );
  expect(run.stdout).toBe("made\n");
  // The SDK warns at the first client it makes in a process (on Node 20; later Nodes never).
  expect(run.stderr).not.toMatch(/NodeVersionSupportWarning/);
});
