/**
 * Server start (called from `instrumentation.ts`, Node.js runtime only): opens and migrates the
 * console database, creates the first admin, checks the OIDC configuration and starts the
 * human-task poller (once per process), which stops when the process is asked to stop.
 */
import { CONSOLE_SWF, createSwfClient } from "@/lib/swf/client";
import { createLogger } from "@/lib/log";
import { sealAuditLog } from "./audit";
import { stampPeerAddresses, trustedProxies } from "./client-address";
import { consoleDbLocation, isPostgresUrl, pollerLeaseMs, type Env } from "./config";
import { consoleDb } from "./db";
import { parseOidcConfig } from "./oidc";
import { HumanTaskPoller, startPoller, stopPoller } from "./poller";
import { purgeExpiredSessions } from "./sessions";
import { humanTaskListsSetting } from "./settings";
import { ensureAdmin, refoldUsernames } from "./users";

const STARTED = Symbol.for("swf-console.started");

export async function startConsole(env: Env = process.env): Promise<void> {
  const g = globalThis as { [STARTED]?: boolean };
  if (g[STARTED]) return;
  g[STARTED] = true;
  const log = createLogger("console");
  // Before the first request: the login throttle and the audit need the real peer address.
  stampPeerAddresses();
  try {
    trustedProxies(env);
  } catch (e) {
    log.error(`${(e as Error).message}; forwarding headers are not believed from anyone`);
  }

  if (isPostgresUrl(consoleDbLocation(env)) && !env.CONSOLE_TASK_TOKEN_KEY) {
    // Each process would seal task tokens under its own key: refuse now rather than fail later.
    throw new Error(
      "CONSOLE_DATABASE_URL is set but CONSOLE_TASK_TOKEN_KEY is not: console processes sharing a database need one task-token key",
    );
  }
  const db = await consoleDb();
  // However the process ends (Next.js exits on SIGTERM and SIGINT by itself), a SQLite database is
  // closed on the way out: it folds its write-ahead log back into the file and removes it, so
  // the file is whole by itself (copied, backed up, opened read-only). Closing SQLite is
  // synchronous, so it completes inside the exit handler; a PostgreSQL pool's connections end
  // with the process anyway.
  process.once("exit", () => void db.close());
  await sealAuditLog(db);
  const names = await refoldUsernames(db);
  if (names.clashes.length)
    log.error(
      `users whose names differ only in letter case were kept apart; an admin reaches each by its exact name: ${names.clashes.join(", ")}`,
    );
  const admin = await ensureAdmin(db, env.CONSOLE_ADMIN_PASSWORD || undefined);
  if (admin.generatedPassword) {
    // The one time this password is ever shown: it is not kept anywhere readable.
    log.warn(
      `created user "admin" with the generated password: ${admin.generatedPassword} ` +
        "(shown once; set CONSOLE_ADMIN_PASSWORD to choose it, or change it on the Users page)",
    );
  } else if (admin.created) {
    log.info(`created user "admin" (password from CONSOLE_ADMIN_PASSWORD)`);
  }
  await purgeExpiredSessions(db);

  try {
    const oidc = parseOidcConfig(env);
    if (oidc) log.info(`OpenID Connect sign-in through ${oidc.issuer.href}`);
  } catch (e) {
    log.error(`OpenID Connect is misconfigured and disabled: ${(e as Error).message}`);
  }

  const setting = await humanTaskListsSetting(db, env);
  if (setting.error) log.error(`HUMAN_TASK_LISTS: ${setting.error}`);
  if (env.CONSOLE_INBOX_POLLER === "off") {
    log.info("human-task poller disabled (CONSOLE_INBOX_POLLER=off)");
    return;
  }
  startPoller(
    () =>
      new HumanTaskPoller({
        db,
        client: createSwfClient({ ...CONSOLE_SWF, env }),
        lists: async () => (await humanTaskListsSetting(db, env)).lists,
        leaseMs: pollerLeaseMs(env),
        log: (line) => log.info(line),
      }),
  );

  const stop = (signal: NodeJS.Signals) => {
    void stopPoller().finally(() => {
      // Next.js exits on its own unless told to leave signals to the application.
      if (env.NEXT_MANUAL_SIG_HANDLE) process.exit(signal === "SIGINT" ? 130 : 143);
    });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
