import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** Resolves with the first output line matching `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** How long a child has to stop after SIGTERM before it gets SIGKILL. */
export const STOP_GRACE_MS = 5_000;

/**
 * Stops each child's process group, newest first: the console before the engine it calls, the
 * engine before the function runner it invokes. Each may take STOP_GRACE_MS.
 */
export async function stopInTurn(children: readonly Child[]): Promise<void> {
  for (const child of [...children].reverse()) await child.stop();
}

/** NODE_OPTIONS that preload the lifeline, after whatever NODE_OPTIONS the user already has. */
function withLifeline(nodeOptions: string | undefined): string {
  // NODE_OPTIONS takes double-quoted values with backslash escapes, as JSON writes them.
  const preload = `--import ${JSON.stringify(pathToFileURL(join(__dirname, "lifeline.mjs")).href)}`;
  if (!nodeOptions) return preload;
  // A child that starts children of its own (npm start under a test) passes its NODE_OPTIONS on.
  return nodeOptions.includes(preload) ? nodeOptions : `${nodeOptions} ${preload}`;
}

/**
 * Starts a Node program in its own process group, so that stopping it also stops whatever it
 * started (`tsx` runs the script in a second process that would otherwise keep the port). The
 * child is tethered to this process (scripts/lifeline.mjs): it stops when this process is gone,
 * even when this process was killed with no chance to stop it.
 */
export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; onLine?: (line: string) => void } = {},
): Child {
  const env = { ...process.env, ...options.env };
  const child = spawn(command, args, {
    env: {
      ...env,
      NODE_OPTIONS: withLifeline(env.NODE_OPTIONS),
      START_LIFELINE_GRACE_MS: String(STOP_GRACE_MS),
    },
    // stdin is the tether: this process holds its write end, open and silent, until it is gone.
    stdio: ["pipe", "pipe", "pipe"],
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
          // With onLine the caller has shown those lines as they came: not twice.
          const said = options.onLine ? "" : `:\n${recent.join("\n")}`;
          reject(new Error(`${name} exited (${code}) before it was ready${said}`));
        });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child, "SIGTERM");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), STOP_GRACE_MS);
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
