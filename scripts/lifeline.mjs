/**
 * How the processes of `npm start` notice that the process that launched them is gone, however it
 * died, and stop cleanly rather than keep running and keep their ports.
 *
 * 1. Preloaded (NODE_OPTIONS `--import`) into every process `startChild` (scripts/processes.ts)
 *    starts, so that a child of `npm start` stops when `npm start` is gone.
 * 2. `watchLauncher`, called by scripts/start.ts itself, so that `npm start` stops when npm is.
 *
 * Each child runs in a process group of its own, so that stopping it stops what it started; the
 * price is that nothing else stops it when its parent dies without the chance to (SIGKILL, the
 * OOM killer, a crash): it would keep running and keep its port. Node has no parent-death signal,
 * so the parent holds the write end of the child's stdin and never writes to it; the read end sees
 * end-of-file once the parent is gone. Then the child's group gets SIGTERM, so that each program's
 * own handler stops it cleanly (the engine commits), and SIGKILL after the grace period if anything
 * of the group is still there.
 *
 * Plain JavaScript: it is loaded into `tsx` and `next` alike, before either has a TypeScript loader.
 */
import { execFileSync } from "node:child_process";
import { fstatSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { isMainThread } from "node:worker_threads";

const GRACE = "START_LIFELINE_GRACE_MS";
const OUTPUT = "START_LIFELINE_OUTPUT";
const grace = Number(process.env[GRACE]);
// Only the process startChild started watches stdin: what it starts in turn inherits the
// environment, and its stdin need not be the tether.
delete process.env[GRACE];

/** The identity of the pipe behind `fd`, or undefined when it is not a pipe. */
function pipeId(fd) {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket() ? `${stat.dev}:${stat.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** Signals this process's group (it leads it: startChild spawns it detached), else just itself. */
function signalGroup(signal) {
  try {
    process.kill(-process.pid, signal);
  } catch {
    try {
      process.kill(process.pid, signal);
    } catch {
      // gone
    }
  }
}

// Worker threads inherit the preload but not the process's stdio streams.
if (isMainThread && Number.isFinite(grace) && pipeId(0)) {
  // The output pipes the parent reads, for this process and what it starts (they inherit them).
  process.env[OUTPUT] = [pipeId(1), pipeId(2)].filter(Boolean).join(",");
  let gone = false;
  const parentGone = () => {
    if (gone) return;
    gone = true;
    signalGroup("SIGTERM");
    setTimeout(() => signalGroup("SIGKILL"), grace).unref();
    // A program that exits on SIGTERM at once takes the timer with it: whatever it started and
    // left in the group must not outlive it.
    process.once("exit", () => signalGroup("SIGKILL"));
  };
  process.stdin.on("end", parentGone);
  process.stdin.on("error", parentGone);
  process.stdin.resume();
  // Watching must not keep an otherwise finished program alive.
  process.stdin.unref();
}

/**
 * Once the parent is gone nobody may read these pipes, and a write to them fails with EPIPE, which
 * Node turns into an uncaught exception: the program would crash where it was stopping cleanly
 * (the engine, in the middle of answering its held polls). Its output is lost either way.
 */
function ignoreBrokenOutput(fds) {
  for (const [fd, stream] of [
    [1, process.stdout],
    [2, process.stderr],
  ]) {
    if (!fds.includes(fd)) continue;
    stream.on("error", (error) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    });
  }
}

const parentOutput = isMainThread ? (process.env[OUTPUT] ?? "").split(",") : [];
ignoreBrokenOutput([1, 2].filter((fd) => parentOutput.includes(pipeId(fd))));

/** The parent process id of `pid` (Linux's /proc, else `ps`), or undefined when unknown. */
function parentOf(pid) {
  if (pid === process.pid) return process.ppid;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state ppid …"; the command may hold spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    try {
      const out = execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" });
      return Number(out.trim()) || undefined;
    } catch {
      return undefined;
    }
  }
}

/** The command name of `pid`, or undefined when unknown. */
function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    try {
      return basename(
        execFileSync("ps", ["-o", "comm=", "-p", String(pid)], { encoding: "utf8" }).trim(),
      );
    } catch {
      return undefined;
    }
  }
}

const SHELLS = new Set(["sh", "dash", "bash", "zsh", "ash", "ksh"]);

/**
 * Calls `onGone` once the process that launched this one is gone, checking every `intervalMs`:
 * npm for `npm start` (npm runs a script through `sh -c`, and a shell that does not `exec` its
 * last command stays between the two), else the parent. Nothing tells a process that its parent
 * died: it is re-parented, so a parent id that changes anywhere between this process and its
 * launcher says so. Should `onGone` not stop the process within `graceMs`, SIGKILL does. Returns
 * the launcher's process id.
 */
export function watchLauncher(onGone, { graceMs, intervalMs = 1_000 }) {
  const parent = process.ppid;
  const viaShell = Boolean(process.env.npm_lifecycle_event) && SHELLS.has(commandOf(parent));
  const launcher = (viaShell && parentOf(parent)) || parent;
  /** [process, the parent it must keep] from this process up to the launcher. */
  const links = [[process.pid, parent]];
  if (launcher !== parent) links.push([parent, launcher]);
  const timer = setInterval(() => {
    if (links.every(([pid, expected]) => parentOf(pid) === expected)) return;
    clearInterval(timer);
    // Whoever read this process's output may be gone with the launcher.
    ignoreBrokenOutput([1, 2]);
    setTimeout(() => process.kill(process.pid, "SIGKILL"), graceMs).unref();
    onGone(launcher);
  }, intervalMs);
  // Watching must not keep an otherwise finished program alive.
  timer.unref();
  return launcher;
}
