import { spawn, type ChildProcess } from "node:child_process";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** Resolves with the first output line matching `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/**
 * Starts a command in its own process group, so that stopping it also stops whatever it
 * started (`next start` runs a server process that would otherwise keep the port).
 */
export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; onLine?: (line: string) => void } = {},
): Child {
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const recent: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onLine = (line: string) => {
    recent.push(line);
    if (recent.length > 50) recent.shift();
    options.onLine?.(line);
    for (const listener of listeners) listener(line);
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const lines = (buffer + chunk).split("\n");
      buffer = lines.pop() ?? "";
      lines.forEach(onLine);
    });
  }

  return {
    name,
    process: child,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const listener = (line: string) => {
          const match = line.match(pattern);
          if (!match) return;
          listeners.delete(listener);
          resolve(match);
        };
        listeners.add(listener);
        void exited.then((code) => {
          if (!listeners.delete(listener)) return;
          reject(new Error(`${name} exited (${code}) before it was ready:\n${recent.join("\n")}`));
        });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, "SIGTERM");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}
