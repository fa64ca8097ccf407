"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { consoleFetch } from "@/components/api/client";
import { keys } from "@/components/api/keys";
import { FaultAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import type { Hook } from "@/lib/console/inbox-hooks";

interface HooksResponse {
  lists: { domain: string; taskList: string }[];
  hooks: Hook[];
}

/** Settings: a webhook per human task list, with its last delivery and last error. */
export function HooksSettings() {
  const { data, error } = useQuery({
    queryKey: keys.inbox.hooks(),
    queryFn: () => consoleFetch<HooksResponse>("/api/inbox/hooks"),
    refetchInterval: 5_000,
  });
  if (!data) return <FaultAlert error={error} />;
  return (
    <section className="mt-8 grid grid-cols-1 gap-2" aria-labelledby="inbox-hooks-heading">
      <h2 id="inbox-hooks-heading" className="text-base font-semibold">
        Inbox notifications
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A webhook per human task list receives a Slack-compatible message with a link to each new
        task. Failed deliveries are retried with back-off. Addresses inside the console&apos;s
        network (loopback, private networks, link-local) are refused unless the server&apos;s{" "}
        <code>CONSOLE_WEBHOOK_ALLOW</code> setting lists them.
      </p>
      {data.lists.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No human task lists are configured.
        </p>
      ) : null}
      <ul className="grid gap-3">
        {data.lists.map((l) => (
          <HookRow
            key={`${l.domain}:${l.taskList}`}
            list={l}
            hook={data.hooks.find((h) => h.domain === l.domain && h.taskList === l.taskList)}
          />
        ))}
      </ul>
    </section>
  );
}

function HookRow({ list, hook }: { list: { domain: string; taskList: string }; hook?: Hook }) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(hook?.url ?? "");
  const [fault, setFault] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (value: string | null) => {
    setBusy(true);
    setFault(null);
    try {
      await consoleFetch("/api/inbox/hooks", {
        method: "PUT",
        body: { ...list, url: value },
      });
      if (value === null) setUrl("");
      void queryClient.invalidateQueries({ queryKey: keys.inbox.hooks() });
    } catch (e) {
      setFault(e);
    } finally {
      setBusy(false);
    }
  };
  const id = `hook-${list.domain}-${list.taskList}`;
  return (
    <li
      className="grid gap-1 rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
      data-testid="inbox-hook"
    >
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void save(url.trim() || null);
        }}
      >
        <label htmlFor={id} className="grid w-full gap-0.5 sm:w-auto">
          <span className="font-medium">
            {list.domain}:{list.taskList}
          </span>
          <input
            id={id}
            className={`${inputClass} w-full sm:w-96`}
            placeholder="https://hooks.slack.com/services/…"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            data-testid="inbox-hook-url"
          />
        </label>
        <Button type="submit" variant="primary" disabled={busy} data-testid="inbox-hook-save">
          Save
        </Button>
        {hook ? (
          <Button disabled={busy} onClick={() => void save(null)}>
            Remove
          </Button>
        ) : null}
      </form>
      {hook ? (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="inbox-hook-status">
          {hook.lastOkAt ? (
            <>
              Last delivered <Time value={hook.lastOkAt} />.{" "}
            </>
          ) : (
            "Nothing delivered yet. "
          )}
          {hook.queued ? `${hook.queued} waiting. ` : ""}
          {hook.lastError ? (
            <span className="text-red-700 dark:text-red-400" data-testid="inbox-hook-error">
              Last error (<Time value={hook.lastErrorAt} />
              ): {hook.lastError}
            </span>
          ) : null}
        </p>
      ) : null}
      <FaultAlert error={fault} />
    </li>
  );
}
