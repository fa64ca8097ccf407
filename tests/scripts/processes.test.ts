import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startChild } from "../../scripts/processes";
import { eventually } from "../worker/helpers";

const dir = mkdtempSync(join(tmpdir(), "start-children-"));
/** Process groups the test started; whatever is left of them goes when it ends, pass or fail. */
const started: number[] = [];
/** Single processes the test started outside groups of their own, likewise. */
const startedAlone: number[] = [];
afterAll(() => {
  for (const group of started) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // gone, as it should be
    }
  }
  for (const pid of startedAlone) {
    try {
      process.kill(pid, "SIGKILL");
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

/** Whether `pid` is running (a zombie is not). */
function running(pid: number): boolean {
  const table = execFileSync("ps", ["-A", "-o", "pid=,stat="], { encoding: "utf8" });
  return table
    .trim()
    .split("\n")
    .some((line) => {
      const [p, stat] = line.trim().split(/\s+/);
      return Number(p) === pid && !stat.startsWith("Z");
    });
}

/**
 * Everything `child` (running tests/scripts/fixtures/start-parent.ts, or launching it) has
 * printed so far, and the fixture's process ids once it has printed them.
 */
function fixtureOutput(child: ChildProcess) {
  let out = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => (out += chunk));
  const pids = new Promise<{ pids: Record<string, number>; self: number }>((resolve, reject) => {
    child.stdout!.on("data", () => {
      const line = out.split("\n").find((l) => l.startsWith('{"pids"'));
      if (line) resolve(JSON.parse(line));
    });
    child.once("exit", (code) => reject(new Error(`the parent exited (${code}): ${out}`)));
  });
  return { pids, text: () => out };
}

/** Waits until none of the process groups `groups` has a live process left. */
async function allStopped(groups: number[], what: string) {
  // Generous: the child that ignores SIGTERM gets SIGKILL only after the 5 s grace.
  const left = await eventually(
    () => {
      const live = [...liveProcessesByGroup(groups).values()].flat();
      return live.length === 0 ? live : undefined;
    },
    { tries: 1_200, what },
  );
  expect(left).toEqual([]);
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
    const { pids } = await fixtureOutput(parent).pids;
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

    await allStopped(groups, "the children of the killed parent to stop");
    // The engine stopped cleanly on SIGTERM rather than crashing on its first log line to the
    // dead parent: closing the store checkpoints the write-ahead log and removes it.
    expect(existsSync(db)).toBe(true);
    expect(existsSync(`${db}-wal`)).toBe(false);
    // Three Node programs start and stop here: room for a loaded machine, not a timing target.
  }, 180_000);
});

describe("watchLauncher", () => {
  /**
   * Launches the fixture the way `launch` says, SIGKILLs the launcher alone (not its group), and
   * expects the fixture to notice, stop its children in turn and exit by itself.
   */
  async function stopsWhenLauncherKilled(name: string, launch: (db: string) => ChildProcess) {
    const db = join(dir, `${name}.sqlite`);
    const launcher = launch(db);
    startedAlone.push(launcher.pid!);
    const output = fixtureOutput(launcher);
    const { pids, self } = await output.pids;
    startedAlone.push(self);
    const groups = Object.values(pids);
    started.push(...groups);
    expect(running(self)).toBe(true);

    launcher.kill("SIGKILL");

    // The fixture writes to the output the test still reads, though its launcher is gone.
    await eventually(() => (output.text().includes("\nstopped\n") ? true : undefined), {
      tries: 1_200,
      what: `the fixture to stop after its launcher (${name}) was killed`,
    });
    expect(output.text()).toMatch(/stopping: the process that started it \(pid \d+\) is gone/);
    await eventually(() => (running(self) ? undefined : true), { what: "the fixture to exit" });
    await allStopped(groups, "the fixture's children to stop");
    // The engine stopped cleanly: closing the store checkpoints the write-ahead log away.
    expect(existsSync(db)).toBe(true);
    expect(existsSync(`${db}-wal`)).toBe(false);
  }

  it("stops npm start's process when npm alone is killed, with the shell npm ran it through between them", async () => {
    // A project whose script runs the fixture as `npm start` runs scripts/start.ts: npm → sh -c → node.
    const project = mkdtempSync(join(dir, "project-"));
    const root = join(__dirname, "../..");
    const fixture = join(__dirname, "fixtures/start-parent.ts");
    await stopsWhenLauncherKilled("npm", (db) => {
      const script = `cd ${JSON.stringify(root)} && node --import tsx ${JSON.stringify(fixture)} ${JSON.stringify(db)} --watch-launcher`;
      writeFileSync(
        join(project, "package.json"),
        JSON.stringify({ name: "launched", private: true, scripts: { launched: script } }),
      );
      return spawn("npm", ["run", "--silent", "launched"], {
        cwd: project,
        stdio: ["ignore", "pipe", "inherit"],
      });
    });
  }, 180_000);

  it("stops a process whose parent was killed, when nothing sits between them", async () => {
    const fixture = join(__dirname, "fixtures/start-parent.ts");
    // A Node program that starts the fixture as its child, sharing its output, and stays.
    const launcher = `require("node:child_process").spawn(process.execPath, JSON.parse(process.argv[1]), { stdio: "inherit" }); setInterval(() => {}, 60_000);`;
    await stopsWhenLauncherKilled("parent", (db) =>
      spawn(
        process.execPath,
        ["-e", launcher, JSON.stringify(["--import", "tsx", fixture, db, "--watch-launcher"])],
        { stdio: ["ignore", "pipe", "inherit"] },
      ),
    );
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
