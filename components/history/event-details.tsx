"use client";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import { useMemo, useState } from "react";
import { eventAttributes } from "@/lib/history/events";
import { prettyPayload } from "@/components/ui/format";
import { CopyButton } from "@/components/ui/copy-button";
import { isReferenceAttribute } from "./event-summary";
import { RunLink } from "./run-link";
import { TextButton } from "@/components/ui/button";
import { escapeBidiControls } from "@/components/ui/bidi";
import { DataText } from "@/components/ui/data-text";

/** Where an event's attributes lead: other runs of its workflow, other events of its history. */
export interface EventLinks {
  domain: string;
  workflowId: string;
  /** Type of an event by id (for reference labels); undefined when not loaded. */
  typeOf(eventId: number): string | undefined;
  onJump(eventId: number): void;
}

/** Every attribute of one event: references as jump buttons, payloads pretty-printed, inert text only. */
export function EventDetails({ event, links }: { event: HistoryEvent; links: EventLinks }) {
  const [raw, setRaw] = useState(false);
  const attributes = (eventAttributes(event) ?? {}) as Record<string, unknown>;
  const json = useMemo(() => JSON.stringify(event, null, 2), [event]);
  const entries = Object.entries(attributes);

  return (
    <div className="space-y-2 px-3 pb-3 pt-1 text-xs" data-testid="event-details">
      {entries.length === 0 ? (
        <p className="italic text-slate-600 dark:text-slate-400">No attributes.</p>
      ) : null}
      <dl className="grid grid-cols-[minmax(8rem,max-content)_minmax(0,1fr)] gap-x-4 gap-y-1">
        {entries.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="font-mono text-slate-600 dark:text-slate-400">{key}</dt>
            <dd className="min-w-0" data-attribute={key}>
              <AttributeValue name={key} value={value} links={links} />
            </dd>
          </div>
        ))}
      </dl>
      <div className="flex gap-3">
        <TextButton aria-expanded={raw} onClick={() => setRaw((r) => !r)}>
          {raw ? "Hide JSON" : "Show JSON"}
        </TextButton>
        <CopyButton text={json} label={`Copy event ${event.eventId} as JSON`} />
      </div>
      {raw ? (
        <pre
          tabIndex={0}
          aria-label={`Event ${event.eventId} as JSON`}
          className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded border border-slate-200 bg-slate-50 p-2 font-mono text-slate-800 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-200"
        >
          {escapeBidiControls(json)}
        </pre>
      ) : null}
    </div>
  );
}

function AttributeValue({
  name,
  value,
  links: { domain, workflowId, typeOf, onJump },
}: {
  name: string;
  value: unknown;
  links: EventLinks;
}) {
  if (
    (name === "newExecutionRunId" || name === "continuedExecutionRunId") &&
    typeof value === "string" &&
    value
  ) {
    return (
      <RunLink
        className="break-all font-mono text-sky-700 hover:underline dark:text-sky-400"
        domain={domain}
        workflowId={workflowId}
        runId={value}
      >
        <DataText text={value} />
      </RunLink>
    );
  }
  if (typeof value === "number" && isReferenceAttribute(name)) {
    if (value <= 0) return <span className="text-slate-600 dark:text-slate-400">0 (none)</span>;
    const type = typeOf(value);
    return (
      <button
        type="button"
        className="rounded bg-sky-50 px-1 font-mono text-sky-800 hover:bg-sky-100 hover:underline dark:bg-sky-950 dark:text-sky-300 dark:hover:bg-sky-900"
        onClick={() => onJump(value)}
        data-ref={name}
        title={`Go to event ${value}`}
      >
        #{value}
        {type ? ` ${type}` : ""}
      </button>
    );
  }
  if (typeof value === "string") {
    const pretty = prettyPayload(value);
    if (pretty.includes("\n") || pretty.length > 120) {
      return (
        <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-1.5 font-mono text-slate-800 dark:bg-slate-900 dark:text-slate-200">
          <DataText text={pretty} />
        </pre>
      );
    }
    return (
      <span className="break-words font-mono text-slate-800 dark:text-slate-200">
        {value === "" ? '""' : <DataText text={value} />}
      </span>
    );
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o.workflowId === "string" && typeof o.runId === "string" && o.runId) {
      return (
        <RunLink
          className="break-all font-mono text-sky-700 hover:underline dark:text-sky-400"
          domain={domain}
          workflowId={o.workflowId}
          runId={o.runId}
        >
          <DataText text={o.workflowId} /> / <DataText text={o.runId} />
        </RunLink>
      );
    }
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === "name")
      return (
        <span className="font-mono">
          <DataText text={String(o.name)} />
        </span>
      );
    if (keys.length === 2 && "name" in o && "version" in o)
      return (
        <span className="font-mono">
          <DataText text={String(o.name)} />{" "}
          <span className="text-slate-600 dark:text-slate-400">
            v<DataText text={String(o.version)} />
          </span>
        </span>
      );
  }
  return (
    <pre className="whitespace-pre-wrap break-words font-mono text-slate-800 dark:text-slate-200">
      {escapeBidiControls(JSON.stringify(value, null, 2))}
    </pre>
  );
}
