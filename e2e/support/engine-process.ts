/**
 * An engine of its own (`npx tsx lib/engine/main.ts`, in memory) beside the one Playwright runs,
 * in its own process group, for specs that freeze it (`SIGSTOP`: its connections stay open and
 * nothing answers, as a hung engine) and let it carry on (`SIGCONT`). tests/engine/process.ts
 * does this for vitest; it reads `import.meta`, which Playwright's CommonJS specs cannot.
 */
import { spawn } from "node:child_process";

export interface EngineProcess {
  url: string;
  freeze(): void;
  resume(): void;
  stop(): void;
}

export function startEngineProcess(): Promise<EngineProcess> {
  const child = spawn(
    "npx",
    ["tsx", "lib/engine/main.ts", "--port", "0", "--db", ":memory:", "--poll-timeout", "1"],
    { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } },
  );
  const signal = (name: NodeJS.Signals) => {
    if (child.pid && child.exitCode === null && child.signalCode === null)
      process.kill(-child.pid, name);
  };
  const engine = (url: string): EngineProcess => ({
    url,
    freeze: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
    stop: () => {
      signal("SIGCONT");
      signal("SIGKILL");
    },
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /listening on (http:\/\/\S+:\d+)/.exec(out);
      if (m) resolve(engine(m[1]));
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`engine exited (${code}) before listening:\n${out}`)),
    );
  });
}
