/**
 * Notifications: an optional webhook per human task list. When the poller stores a new task of a
 * list that has one, a delivery is queued with a Slack-compatible JSON body (`text` plus a
 * `blocks` section) holding a deep link to the task in the inbox. Deliveries are retried with
 * exponential back-off and given up after a while; the hook keeps its last error for Settings.
 *
 * Every console process may send due deliveries; each one claims a delivery with a conditional
 * UPDATE (pushing its next attempt past the send's timeout) before sending it, so two processes
 * never send the same attempt. A process that dies mid-send leaves the claim to lapse: the
 * delivery is sent again after it (at least once, never twice at the same time).
 */
import { createLogger } from "@/lib/log";
import { redactUrl } from "./audit";
import type { Db } from "./db";
import type { StoredTask } from "./inbox-store";
import type { Env } from "./config";
import { EgressRefused, internalHostProblem, postWebhook } from "./webhook-egress";

const log = createLogger("inbox-hooks");

export interface Hook {
  domain: string;
  taskList: string;
  url: string;
  /** The console's address for deep links (as seen when the hook was saved). */
  consoleUrl: string | null;
  updatedAt: number;
  updatedBy: string | null;
  lastOkAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  /** Deliveries waiting (including retries). */
  queued: number;
}

interface HookRow {
  domain: string;
  task_list: string;
  url: string;
  console_url: string | null;
  updated_at: number;
  updated_by: string | null;
  last_ok_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  queued: number;
}

const toHook = (r: HookRow): Hook => ({
  domain: r.domain,
  taskList: r.task_list,
  url: r.url,
  consoleUrl: r.console_url,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  lastOkAt: r.last_ok_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  queued: r.queued,
});

const SELECT = `SELECT h.*, (SELECT count(*) FROM human_task_deliveries d JOIN human_tasks t ON t.id = d.task_id
                  WHERE t.domain = h.domain AND t.task_list = h.task_list AND d.delivered_at IS NULL AND d.gave_up_at IS NULL) AS queued
                FROM human_task_hooks h`;

export async function listHooks(db: Db): Promise<Hook[]> {
  return (await db.all<HookRow>(`${SELECT} ORDER BY h.domain, h.task_list`)).map(toHook);
}

export async function hookFor(db: Db, domain: string, taskList: string): Promise<Hook | undefined> {
  const row = await db.get<HookRow>(`${SELECT} WHERE h.domain = ? AND h.task_list = ?`, [
    domain,
    taskList,
  ]);
  return row && toHook(row);
}

/**
 * A webhook address: http(s) only, no credentials in it, and not a literal internal address
 * (unless `CONSOLE_WEBHOOK_ALLOW` allows it; names are checked when delivering).
 */
export function hookUrlProblem(url: string, env: Env = process.env): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "not a URL";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "only http and https URLs";
  if (u.username || u.password) return "put no credentials in the URL";
  return internalHostProblem(u, env);
}

/** What a failed send is recorded as: the refusal, or the network error's code or message. */
function sendError(e: unknown): string {
  if (e instanceof EgressRefused) return e.message;
  const error = e as { code?: unknown; name?: string; message?: string; cause?: unknown };
  // An abort carries the timeout's own words ("The operation was aborted due to timeout").
  const reason = (error.cause as { message?: unknown } | undefined)?.message;
  if (error.name === "AbortError" && typeof reason === "string") return reason;
  if (typeof error.code === "string") return error.code;
  return error.message ?? String(e);
}

/** Sets (or with `url: null` removes) the hook of a list. */
export async function setHook(
  db: Db,
  hook: { domain: string; taskList: string; url: string | null; consoleUrl: string | null },
  by: string,
  now = Date.now(),
): Promise<void> {
  if (hook.url === null) {
    await db.run("DELETE FROM human_task_hooks WHERE domain = ? AND task_list = ?", [
      hook.domain,
      hook.taskList,
    ]);
    return;
  }
  await db.run(
    `INSERT INTO human_task_hooks (domain, task_list, url, console_url, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (domain, task_list) DO UPDATE SET url = excluded.url, console_url = excluded.console_url,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by, last_error = NULL, last_error_at = NULL`,
    [hook.domain, hook.taskList, hook.url, hook.consoleUrl, now, by],
  );
}

/** The inbox address of a task. */
export function taskLink(consoleUrl: string, taskId: number): string {
  return `${consoleUrl.replace(/\/+$/, "")}/inbox?task=${taskId}`;
}

/**
 * Slack reads `<…>` in a message's text as markup — `<!channel>` and `<!here>` notify everyone,
 * `<@U123>` mentions a person, `<url|label>` is a link that may show other words than its
 * address — in plain `text` as in `mrkdwn` blocks. Workflow data (a question, a workflow id) is
 * anyone's to choose, so every piece of it goes through this before it is placed in a message:
 * Slack's own escapes for `&`, `<` and `>`, which it shows as the characters themselves. Other
 * receivers of Slack-compatible messages (Mattermost, Rocket.Chat, Discord) take a bare
 * `@channel`, `@all`, `@everyone` or `@name` as a mention instead, and `[words](url)` as a link
 * that shows other words than its address, so an invisible word joiner after each `@` and
 * between `]` and `(` keeps those from notifying anyone or hiding where they lead.
 */
const inert = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(?=[\p{L}\p{N}_])/gu, "@\u2060")
    .replace(/\]\(/g, "]\u2060(");

/** The message of a new task: Slack-compatible (`text` for any receiver, `blocks` for Slack). */
export function hookBody(task: StoredTask, consoleUrl: string): Record<string, unknown> {
  const link = taskLink(consoleUrl, task.id);
  const title = inert(task.question ?? `${task.activityType.name} ${task.activityId}`);
  const workflowId = inert(task.workflowId);
  // The one piece of markup that is ours: the link to the task, its address escaped like any text.
  const linkMarkup = `<${inert(link)}|Open in the inbox>`;
  return {
    text: `New task waiting for a decision: ${title} (${workflowId}) ${inert(link)}`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*${title}*\nWorkflow \`${workflowId}\` · ${inert(task.domain)}/${inert(task.taskList)}\n${linkMarkup}`,
        },
      },
    ],
    task: {
      id: task.id,
      domain: task.domain,
      taskList: task.taskList,
      workflowId: task.workflowId,
      runId: task.runId,
      activityType: task.activityType,
      question: task.question,
      deadline: task.deadline === null ? null : new Date(task.deadline).toISOString(),
      link,
    },
  };
}

/** Queues the notification of a newly received task, when its list has a hook. */
export async function queueNotification(
  db: Db,
  task: StoredTask,
  env: NodeJS.ProcessEnv = process.env,
  now = Date.now(),
): Promise<boolean> {
  const hook = await hookFor(db, task.domain, task.taskList);
  if (!hook) return false;
  const consoleUrl = env.CONSOLE_PUBLIC_URL ?? hook.consoleUrl ?? "http://localhost:3000";
  await db.run(
    "INSERT INTO human_task_deliveries (task_id, url, body, next_at) VALUES (?, ?, ?, ?)",
    [task.id, hook.url, JSON.stringify(hookBody(task, consoleUrl)), now],
  );
  return true;
}

export const DELIVERY = {
  attempts: 8,
  initialMs: 1_000,
  maxMs: 10 * 60_000,
  timeoutMs: 10_000,
  /** How long a claimed delivery stays another process's to send: the send's timeout and more. */
  claimMs: 60_000,
};

/** Back-off before attempt `n + 1` after `n` failures: 1 s, 2 s, 4 s, … capped. */
export function retryDelay(failures: number, d = DELIVERY): number {
  return Math.min(d.maxMs, d.initialMs * 2 ** Math.max(0, failures - 1));
}

interface DeliveryRow {
  id: number;
  task_id: number;
  url: string;
  body: string;
  attempts: number;
}

/**
 * Claims a due delivery for this process: of several processes claiming it at once, exactly one
 * changes the row. The claim moves the next attempt past `claimMs`, so that the delivery comes
 * due again only if this process dies before recording the attempt.
 */
async function claimDelivery(db: Db, id: number, now: number, claimMs: number): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE human_task_deliveries SET next_at = ?
      WHERE id = ? AND delivered_at IS NULL AND gave_up_at IS NULL AND next_at <= ?`,
    [now + claimMs, id, now],
  );
  return changes === 1;
}

/**
 * Sends the deliveries that are due (one pass), each claimed first. A 2xx answer delivers;
 * anything else — a redirect (never followed), or an address refused as internal (see
 * webhook-egress.ts) included — is retried after a back-off until `DELIVERY.attempts`, and
 * recorded as the hook's last error.
 */
export async function deliverDue(
  db: Db,
  now: () => number = Date.now,
  d = DELIVERY,
  env: Env = process.env,
): Promise<{ delivered: number; failed: number }> {
  const due = await db.all<DeliveryRow>(
    `SELECT id, task_id, url, body, attempts FROM human_task_deliveries
      WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_at <= ? ORDER BY next_at LIMIT 50`,
    [now()],
  );
  let delivered = 0;
  let failed = 0;
  for (const row of due) {
    if (!(await claimDelivery(db, row.id, now(), Math.max(d.claimMs, d.timeoutMs * 2)))) continue;
    const task = await db.get<{ domain: string; task_list: string }>(
      "SELECT domain, task_list FROM human_tasks WHERE id = ?",
      [row.task_id],
    );
    let error: string | null = null;
    try {
      const answer = await postWebhook(row.url, row.body, { timeoutMs: d.timeoutMs, env });
      if (answer.status < 200 || answer.status > 299) {
        const text = answer.text.slice(0, 200);
        const redirect = answer.status >= 300 && answer.status < 400;
        error = `HTTP ${answer.status}${redirect ? " (redirects are not followed)" : text ? `: ${text}` : ""}`;
      }
    } catch (e) {
      error = sendError(e);
    }
    const t = now();
    const attempts = row.attempts + 1;
    if (error === null) {
      delivered++;
      await db.run(
        "UPDATE human_task_deliveries SET attempts = ?, delivered_at = ?, last_error = NULL WHERE id = ?",
        [attempts, t, row.id],
      );
      if (task)
        await db.run(
          "UPDATE human_task_hooks SET last_ok_at = ? WHERE domain = ? AND task_list = ?",
          [t, task.domain, task.task_list],
        );
    } else {
      failed++;
      const giveUp = attempts >= d.attempts;
      await db.run(
        "UPDATE human_task_deliveries SET attempts = ?, last_error = ?, next_at = ?, gave_up_at = ? WHERE id = ?",
        [attempts, error, t + retryDelay(attempts, d), giveUp ? t : null, row.id],
      );
      const message = `${error} (attempt ${attempts} of ${d.attempts}${giveUp ? ", gave up" : ""})`;
      if (task)
        await db.run(
          "UPDATE human_task_hooks SET last_error = ?, last_error_at = ? WHERE domain = ? AND task_list = ?",
          [message, t, task.domain, task.task_list],
        );
      if (attempts === 1 || giveUp)
        log.warn({ url: redactUrl(row.url), error: message }, "inbox webhook delivery failed");
    }
  }
  return { delivered, failed };
}
