"use client";

import { keys } from "@/components/api/keys";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { SavedView } from "@/lib/console/saved-views";
import { consoleFetch } from "@/components/api/client";
import { useSession } from "@/components/auth/session";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ErrorMessage } from "@/components/ui/states";
import { useUrlParams } from "@/components/ui/use-url-params";
import { Select } from "@/components/ui/select";

/** Shared, named views of the list (its URL query): pick one, save the current one, delete. */
export function SavedViews({ domain }: { domain: string }) {
  const { searchParams, setParams } = useUrlParams();
  const session = useSession();
  const client = useQueryClient();
  const key = keys.savedViews(domain);
  const views = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      consoleFetch<{ views: SavedView[] }>(`/api/views?${new URLSearchParams({ domain })}`, {
        signal,
      }),
  });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const query = searchParams.toString();
  const save = useMutation({
    mutationFn: () => consoleFetch("/api/views", { body: { domain, name, query } }),
    onSuccess: async () => {
      setNaming(false);
      setName("");
      await client.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => consoleFetch(`/api/views?id=${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const list = views.data?.views ?? [];
  const current = list.find((v) => v.query === query);
  const me = session.data?.user;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="saved-views">
      <label className="flex items-center gap-1">
        <span className="text-xs text-slate-600 dark:text-slate-400">Saved views</span>
        <Select
          value={current?.id ?? ""}
          onChange={(e) => {
            const v = list.find((x) => String(x.id) === e.target.value);
            if (v) setParams(new URLSearchParams(v.query));
          }}
          empty={list.length ? "Choose a view…" : "none yet"}
          options={list.map((v) => ({ value: v.id, label: `${v.name} (by ${v.createdBy})` }))}
        />
      </label>
      {current && me && (current.createdBy === me.username || me.role === "admin") ? (
        <Button size="xs" variant="ghost" onClick={() => remove.mutate(current.id)}>
          Delete view
        </Button>
      ) : null}
      {naming ? (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <input
            aria-label="View name"
            className={inputClass}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            autoFocus
          />
          <Button type="submit" size="xs" variant="primary" disabled={save.isPending}>
            Save
          </Button>
          <Button size="xs" onClick={() => setNaming(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button size="xs" onClick={() => setNaming(true)}>
          Save view…
        </Button>
      )}
      {save.error ? <ErrorMessage error={save.error} title="Could not save the view" /> : null}
    </div>
  );
}
