import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startChild } from "../../scripts/processes";
import { eventually } from "../worker/helpers";

const dir = mkdtempSync(join(tmpdir(), "start-children-"));
/** Process groups the test started; whatever is left of them goes when it ends, pass or fail. */
const started: number[] = [];
afterAll(() => {
  for (const group of started) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // gone, as it should be
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The live processes of each process group. Zombies count as gone: a child whose parent was
 * killed is re-parented to PID 1, and a container's PID 1 may never reap it, which is also why
 * `process.kill(pid, 0)` (true for a zombie) cannot tell.
 */
function liveProcessesByGroup(groups: number[]): Map<number, number[]> {
  const byGroup = new Map<number, number[]>(groups.map((g) => [g, []]));
  const table = execFileSync("ps", ["-A", "-o", "pid=,pgid=,stat="], { encoding: "utf8" });
  for (const line of table.trim().split("\n")) {
    const [pid, pgid, stat] = line.trim().split(/\s+/);
    if (!stat.startsWith("Z")) byGroup.get(Number(pgid))?.push(Number(pid));
  }
  return byGroup;
}

describe("startChild", () => {
  it("stops every child of a parent killed with SIGKILL, with whatever each child started", async () => {
    const db = join(dir, "swf.sqlite");
    const parent = spawn(
      process.execPath,
      ["--import", "tsx", join(__dirname, "fixtures/start-parent.ts"), db],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const parentExit = new Promise((resolve) => parent.once("exit", resolve));
    const pids = await new Promise<Record<string, number>>((resolve, reject) => {
      let out = "";
      parent.stdout.setEncoding("utf8");
      parent.stdout.on("data", (chunk: string) => {
        out += chunk;
        const line = out.split("\n").find((l) => l.startsWith('{"pids"'));
        if (line) resolve(JSON.parse(line).pids);
      });
      parent.once("exit", (code) => reject(new Error(`the parent exited (${code}): ${out}`)));
    });
    expect(Object.keys(pids).sort()).toEqual(["engine", "functions", "stubborn"]);
    // Each child leads a process group of its own; tsx runs the script in a second process.
    const groups = Object.values(pids);
    started.push(...groups);
    const before = liveProcessesByGroup(groups);
    expect(before.get(pids.engine)!.length).toBeGreaterThanOrEqual(2);
    expect(before.get(pids.functions)!.length).toBeGreaterThanOrEqual(2);
    expect(before.get(pids.stubborn)).toEqual([pids.stubborn]);

    parent.kill("SIGKILL");
    await parentExit;

    // Generous: the child that ignores SIGTERM gets SIGKILL only after the 5 s grace.
    const after = await eventually(
      () => {
        const left = [...liveProcessesByGroup(groups).values()].flat();
        return left.length === 0 ? left : undefined;
      },
      { tries: 1_200, what: "the children of the killed parent to stop" },
    );
    expect(after).toEqual([]);
    // The engine stopped cleanly on SIGTERM rather than crashing on its first log line to the
    // dead parent: closing the store checkpoints the write-ahead log and removes it.
    expect(existsSync(db)).toBe(true);
    expect(existsSync(`${db}-wal`)).toBe(false);
    // Three Node programs start and stop here: room for a loaded machine, not a timing target.
  }, 180_000);
});

describe("startChild's waitFor", () => {
  const failing = ["-e", "console.log('listen EADDRINUSE 127.0.0.1:7070'); process.exit(1)"];

  it("rejects with the child's last lines when nobody was shown them", async () => {
    const child = startChild("engine", process.execPath, failing);
    await expect(child.waitFor(/listening on/)).rejects.toThrow(
      "engine exited (1) before it was ready:\nlisten EADDRINUSE 127.0.0.1:7070",
    );
  });

  it("does not repeat lines its onLine already showed", async () => {
    const shown: string[] = [];
    const child = startChild("engine", process.execPath, failing, {
      onLine: (line) => shown.push(line),
    });
    const error = await child.waitFor(/listening on/).catch((e: Error) => e);
    expect((error as Error).message).toBe("engine exited (1) before it was ready");
    expect(shown).toEqual(["listen EADDRINUSE 127.0.0.1:7070"]);
  });
});
