import { watchLauncher } from "./lifeline.mjs";
import { STOP_GRACE_MS } from "./processes";

/**
 * `npm start`'s watch on whatever launched it (npm, through its shell): once that is gone,
 * `stop` is called with why. Killed on its own, npm sends nothing on, and the terminal's Ctrl-C
 * no longer reaches this process: it would keep its children and their ports until killed by
 * hand. `stop` has room for the demo and each of three children to stop in turn before SIGKILL.
 */
export function stopWithLauncher(stop: (why: string) => void): void {
  watchLauncher((launcher) => stop(`the process that started it (pid ${launcher}) is gone`), {
    graceMs: 4 * STOP_GRACE_MS,
  });
}
