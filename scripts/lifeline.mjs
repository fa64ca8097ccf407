/**
 * Preloaded (NODE_OPTIONS `--import`) into every process `startChild` (scripts/processes.ts)
 * starts, so that a child of `npm start` stops when `npm start` is gone, however it died.
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
import { fstatSync } from "node:fs";
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

// Once the parent is gone nobody reads these pipes, and a write to them fails with EPIPE, which
// Node turns into an uncaught exception: the program would crash where it was stopping cleanly
// (the engine, in the middle of answering its held polls). Its output is lost either way.
const parentOutput = isMainThread ? (process.env[OUTPUT] ?? "").split(",") : [];
for (const [fd, stream] of [
  [1, process.stdout],
  [2, process.stderr],
]) {
  if (!parentOutput.includes(pipeId(fd))) continue;
  stream.on("error", (error) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}
