"use client";

import { useState } from "react";
import { requiresText, useSession } from "@/components/auth/session";
import { FaultAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useSwfAction } from "@/components/api/use-swf-action";
import { CliCommand } from "./cli-command-view";
import type { ActionName } from "@/lib/swf/actions";
import { Dialog } from "@/components/ui/dialog";
import { ConfirmButtons } from "@/components/ui/confirm-buttons";

export type Registered =
  | { kind: "domain"; name: string }
  | { kind: "workflowType" | "activityType"; domain: string; name: string; version: string };

const ACTION: Record<
  Registered["kind"],
  { deprecate: ActionName; undeprecate: ActionName; noun: string }
> = {
  domain: { deprecate: "DeprecateDomain", undeprecate: "UndeprecateDomain", noun: "domain" },
  workflowType: {
    deprecate: "DeprecateWorkflowType",
    undeprecate: "UndeprecateWorkflowType",
    noun: "workflow type",
  },
  activityType: {
    deprecate: "DeprecateActivityType",
    undeprecate: "UndeprecateActivityType",
    noun: "activity type",
  },
};

function request(target: Registered) {
  if (target.kind === "domain") return { name: target.name };
  const ref = { name: target.name, version: target.version };
  return { domain: target.domain, [target.kind]: ref };
}

/**
 * Deprecate (or undeprecate) a domain or type, with a confirmation. `status` is the current
 * registration status; the button offers the opposite. Admins only.
 */
export function DeprecationButton({
  target,
  status,
}: {
  target: Registered;
  status: "REGISTERED" | "DEPRECATED" | string;
}) {
  const { data: session } = useSession();
  const [open, setOpen] = useState(false);
  const { busy, fault, run: send, reset } = useSwfAction(() => setOpen(false));
  const deprecate = status !== "DEPRECATED";
  const spec = ACTION[target.kind];
  const label = deprecate ? "Deprecate" : "Undeprecate";
  const title = `${label} ${spec.noun} ${target.name}${target.kind === "domain" ? "" : ` ${target.version}`}`;
  const allowed = Boolean(session?.can.deprecate);

  const run = () => send(deprecate ? spec.deprecate : spec.undeprecate, request(target));

  return (
    <>
      <Button
        className="px-2 py-0.5 text-xs"
        disabled={!allowed}
        title={allowed ? title : requiresText("deprecate")}
        onClick={() => (reset(), setOpen(true))}
        data-testid={`${deprecate ? "deprecate" : "undeprecate"}-${target.kind}`}
      >
        {label}
      </Button>
      <Dialog
        open={open}
        title={title}
        onClose={() => setOpen(false)}
        busy={busy}
        testId="deprecation-dialog"
      >
        <div className="grid gap-3 text-sm">
          <p>
            {deprecate
              ? target.kind === "domain"
                ? "A deprecated domain accepts no new executions or type registrations; running executions continue."
                : "A deprecated type cannot start new executions (or be scheduled); running ones continue."
              : `The ${spec.noun} becomes usable again.`}
          </p>
          <CliCommand
            action={deprecate ? spec.deprecate : spec.undeprecate}
            input={request(target)}
          />
          <FaultAlert error={fault} />
          <ConfirmButtons
            variant={deprecate ? "danger" : "primary"}
            label={label}
            busyLabel="Working…"
            busy={busy}
            onConfirm={run}
            testId="deprecation-confirm"
            onCancel={() => setOpen(false)}
          />
        </div>
      </Dialog>
    </>
  );
}
