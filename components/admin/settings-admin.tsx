"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { keys } from "@/components/api/keys";
import Link from "next/link";
import { useState } from "react";
import { consoleFetch } from "@/components/api/client";
import type { ListStatus } from "@/lib/console/poller";
import { FaultAlert, Success } from "@/components/ui/alert";
import { Field } from "@/components/ui/form-field";
import { Button } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { registrationHref, usersHref } from "@/components/links";

interface SettingsResponse {
  humanTaskLists: {
    value: string;
    source: "settings" | "environment";
    updatedAt: number | null;
    updatedBy: string | null;
    error: string | null;
    environment: string;
  };
  poller: { running: boolean; lists: ListStatus[] };
}

/** `domain:list` entries, separated by commas or new lines; mirrors the server's parser. */
function listsProblem(text: string): string | undefined {
  for (const raw of text.split(/[,\s]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const parts = entry.split(":");
    if (parts.length !== 2 || !parts[0] || !parts[1])
      return `"${entry}" is not of the form domain:taskList`;
    if (/[/|\u0000-\u001f\u007f-\u009f]/.test(entry) || parts.includes("arn"))
      return `"${entry}": invalid name`;
  }
  return undefined;
}

/** Human task lists served by the inbox, and the poller's state per list (admin). */
export function SettingsAdmin() {
  const queryClient = useQueryClient();
  const { data, error } = useQuery({
    queryKey: keys.settings(),
    queryFn: () => consoleFetch<SettingsResponse>("/api/settings"),
    refetchInterval: 5_000,
  });
  const [draft, setDraft] = useState<string | null>(null);
  const [fault, setFault] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const value = draft ?? data?.humanTaskLists.value.split(",").join("\n") ?? "";
  const problem = listsProblem(value);

  const save = async (humanTaskLists: string | null) => {
    setBusy(true);
    setFault(null);
    setSaved(false);
    try {
      const out = await consoleFetch<SettingsResponse>("/api/settings", {
        method: "PUT",
        body: { humanTaskLists },
      });
      queryClient.setQueryData(keys.settings(), out);
      setDraft(null);
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: keys.inbox.all() });
    } catch (e) {
      setFault(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="grid max-w-3xl grid-cols-1 gap-6">
      <FaultAlert error={error} />
      <section className="grid gap-3">
        <h2 className="text-base font-semibold">Human task lists</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The console polls these activity task lists and shows their tasks in the inbox. One{" "}
          <code>domain:taskList</code> per line.{" "}
          {data ? (
            data.humanTaskLists.source === "settings" ? (
              <>
                Set here by {data.humanTaskLists.updatedBy ?? "?"} on{" "}
                <Time value={data.humanTaskLists.updatedAt ?? 0} />.
              </>
            ) : (
              `From HUMAN_TASK_LISTS (${data.humanTaskLists.environment || "empty"}).`
            )
          ) : null}
        </p>
        <Field label="Lists" error={problem}>
          {(props) => (
            <textarea
              {...props}
              rows={4}
              className={`${formInputClass} font-mono`}
              value={value}
              onChange={(e) => (setDraft(e.target.value), setSaved(false))}
              data-testid="settings-task-lists"
            />
          )}
        </Field>
        <FaultAlert error={fault} />
        {saved ? <Success>Saved. The poller follows the new lists.</Success> : null}
        <div className="flex gap-2">
          <Button
            variant="primary"
            disabled={busy || Boolean(problem)}
            onClick={() =>
              save(
                value
                  .split(/[,\s]+/)
                  .filter(Boolean)
                  .join(","),
              )
            }
            data-testid="settings-save"
          >
            Save
          </Button>
          {data?.humanTaskLists.source === "settings" ? (
            <Button disabled={busy} onClick={() => save(null)}>
              Use HUMAN_TASK_LISTS again
            </Button>
          ) : null}
        </div>
      </section>

      <section className="grid gap-2">
        <h2 className="text-base font-semibold">Poller</h2>
        {data && !data.poller.running ? (
          <p className="text-sm text-amber-700">
            The poller is not running in this server process.
          </p>
        ) : null}
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="poller-status">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="pr-3">List</th>
                <th className="pr-3">State</th>
                <th className="pr-3">Tasks received</th>
                <th className="pr-3">Last error</th>
              </tr>
            </thead>
            <tbody>
              {data?.poller.lists.map((l) => (
                <tr key={`${l.domain}:${l.taskList}`}>
                  <td className="pr-3 font-mono">
                    {l.domain}:{l.taskList}
                  </td>
                  <td className="pr-3">
                    {l.state === "standby" && l.holder ? `standby: ${l.holder} polls it` : l.state}
                  </td>
                  <td className="pr-3">{l.tasksReceived}</td>
                  <td className="pr-3 break-words text-xs">{l.lastError ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="flex gap-4 text-sm">
        <Link className="underline" href={registrationHref()}>
          Domains and types
        </Link>
        <Link className="underline" href={usersHref()}>
          Users
        </Link>
      </section>
    </div>
  );
}
