/** The engine as its own process (`npx tsx lib/engine/main.ts ...`), for CLI, signal and crash tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface EngineProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
}

/** Spawns the engine with `args` and resolves once it printed `listening on http://HOST:PORT`. */
export function spawnEngine(args: string[], timeoutMs = 30_000): Promise<EngineProcess> {
  const child = spawn("npx", ["tsx", "lib/engine/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so that a kill reaches tsx's node child as well
  });
  let out = "";
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "?")),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      reject(new Error(`engine did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const m = /listening on (http:\/\/[^\s]+:(\d+))/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, exited });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`engine exited (${code}) before listening:\n${out}`));
    });
  });
}

/** Sends `signal` to the whole process group of `child` (npx → tsx → node). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

/** Process ids below `pid` (Linux /proc), nearest first. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const next = [...parentOf].filter(([, ppid]) => frontier.includes(ppid)).map(([p]) => p);
    out.push(...next);
    frontier = next;
  }
  return out;
}

/**
 * The engine's own process under `npx` → `tsx` → `node main.ts`: the last descendant. A signal
 * sent to it (rather than to npx, which does not forward signals) reaches the engine's handlers;
 * tsx and npx then exit with its exit code.
 */
export function engineLeaf(child: ChildProcess): number {
  const cmdline = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    } catch {
      return [];
    }
  };
  // The deepest process running main.ts (tsx's esbuild helper is a descendant too: skip it).
  const engines = descendants(child.pid!).filter((pid) =>
    cmdline(pid).some((arg) => arg.endsWith("lib/engine/main.ts")),
  );
  if (engines.length === 0) throw new Error("engine process not found under npx");
  return engines[engines.length - 1];
}

/** `promise`, or a clear failure after `ms` (so that a hung process cannot hang the test run). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
