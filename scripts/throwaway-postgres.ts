/**
 * A throwaway PostgreSQL cluster for tests: Debian's server binaries, a temp folder, a free
 * loopback port, trust authentication on 127.0.0.1 only, no fsync. PostgreSQL refuses to run as
 * root, so as root the cluster belongs to the `postgres` user.
 *
 *   tsx scripts/throwaway-postgres.ts start   # prints `<url> <folder>`, leaves the server running
 *   tsx scripts/throwaway-postgres.ts stop <folder>
 *
 * The test runners (vitest, Playwright) use `startThrowawayPostgres` when `TEST_DATABASE_URL` is
 * not given.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

export interface ThrowawayPostgres {
  url: string;
  dir: string;
  stop(): void;
}

/** The newest `/usr/lib/postgresql/<version>/bin` holding `initdb`, if any. */
export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], "bin") : undefined;
}

const asRoot = () => process.getuid?.() === 0;

/** Runs one of the server's programs, as the `postgres` user when this process is root. */
function runServerProgram(bin: string, command: string, args: string[], cwd?: string): void {
  execFileSync(
    asRoot() ? "runuser" : join(bin, command),
    asRoot() ? ["-u", "postgres", "--", join(bin, command), ...args] : args,
    { stdio: ["ignore", "ignore", "pipe"], cwd },
  );
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error("PostgreSQL server binaries not found (Debian: apt-get install postgresql)");
  const dir = mkdtempSync(join(tmpdir(), "swf-console-pg-"));
  const user = asRoot()
    ? Number(execFileSync("id", ["-u", "postgres"]).toString().trim())
    : undefined;
  if (user !== undefined) {
    const group = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, user, group);
  }
  chmodSync(dir, 0o700);
  const run = (command: string, args: string[]) => runServerProgram(bin, command, args, dir);
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
  run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    stop: () => stopThrowawayPostgres(dir),
  };
}

export function stopThrowawayPostgres(dir: string): void {
  const bin = postgresBinDir();
  const data = join(dir, "data");
  if (bin && existsSync(data)) {
    try {
      runServerProgram(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // Already stopped.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1]?.endsWith("throwaway-postgres.ts")) {
  const [command, dir] = process.argv.slice(2);
  if (command === "start") {
    void startThrowawayPostgres().then((pg) => console.log(`${pg.url} ${pg.dir}`));
  } else if (command === "stop" && dir) {
    stopThrowawayPostgres(dir);
  } else {
    console.error("usage: throwaway-postgres.ts start | stop <folder>");
    process.exit(2);
  }
}
