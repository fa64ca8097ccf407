import { NextResponse } from "next/server";
import { z } from "zod";
import { recordAudit } from "@/lib/console/audit";
import { formatHumanTaskLists, parseHumanTaskLists } from "@/lib/console/config";
import { consoleDb } from "@/lib/console/db";
import { clientIp, guard, jsonError, readJson } from "@/lib/console/http";
import { currentPoller } from "@/lib/console/poller";
import { humanTaskListsSetting, setHumanTaskLists } from "@/lib/console/settings";

export const dynamic = "force-dynamic";

function snapshot() {
  const setting = humanTaskListsSetting(consoleDb());
  return {
    humanTaskLists: {
      value: formatHumanTaskLists(setting.lists),
      source: setting.source,
      updatedAt: setting.updatedAt,
      updatedBy: setting.updatedBy,
      error: setting.error ?? null,
      environment: process.env.HUMAN_TASK_LISTS ?? "",
    },
    poller: {
      running: Boolean(currentPoller()?.isRunning()),
      lists: currentPoller()?.status() ?? [],
    },
  };
}

export async function GET(request: Request) {
  const user = guard(request, {
    role: "admin",
    mutating: false,
    action: "Settings.Read",
    what: "Reading settings",
  });
  if (user instanceof Response) return user;
  return NextResponse.json(snapshot(), { headers: { "cache-control": "no-store" } });
}

const Put = z.strictObject({ humanTaskLists: z.string().max(10_000).nullable() });

/** `{humanTaskLists: "domain:list,…"}` stores the lists; `null` reverts to HUMAN_TASK_LISTS. */
export async function PUT(request: Request) {
  const user = guard(request, {
    role: "admin",
    mutating: true,
    action: "Settings.Update",
    what: "Changing settings",
  });
  if (user instanceof Response) return user;
  const parsed = Put.safeParse(await readJson(request, 20_000));
  if (!parsed.success)
    return jsonError(400, "ValidationError", "humanTaskLists must be a string or null");
  const db = consoleDb();
  const base = {
    username: user.username,
    role: user.role,
    action: "Settings.Update",
    target: "human task lists",
    parameters: parsed.data,
    ip: clientIp(request),
  };
  let lists;
  try {
    lists =
      parsed.data.humanTaskLists === null ? null : parseHumanTaskLists(parsed.data.humanTaskLists);
  } catch (e) {
    recordAudit(db, {
      ...base,
      outcome: "fault",
      fault: "ValidationError",
      message: (e as Error).message,
    });
    return jsonError(400, "ValidationError", (e as Error).message);
  }
  setHumanTaskLists(db, lists, user.username);
  currentPoller()?.reconcile();
  recordAudit(db, { ...base, outcome: "ok" });
  return NextResponse.json(snapshot());
}
