/** What an SWF action acts on, for the audit log: a readable target plus the execution's keys. */
export interface AuditTarget {
  target: string | null;
  domain: string | null;
  workflowId: string | null;
  runId: string | null;
}

type Input = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v ? v : null);
const typeText = (t: unknown) => {
  const o = (t ?? {}) as { name?: unknown; version?: unknown };
  return str(o.name) ? `${o.name}@${str(o.version) ?? "?"}` : null;
};

export function swfAuditTarget(action: string, input: Input, output?: Input): AuditTarget {
  const domain = str(input.domain);
  const join = (...parts: (string | null)[]) => parts.filter((p) => p !== null).join(" / ") || null;
  switch (action) {
    case "StartWorkflowExecution":
    case "SignalWorkflowExecution":
    case "RequestCancelWorkflowExecution":
    case "TerminateWorkflowExecution": {
      const workflowId = str(input.workflowId);
      const runId = str(input.runId) ?? str(output?.runId);
      return { target: join(domain, workflowId, runId), domain, workflowId, runId };
    }
    case "RegisterDomain":
    case "DeprecateDomain":
    case "UndeprecateDomain": {
      const name = str(input.name);
      return { target: name && `domain ${name}`, domain: name, workflowId: null, runId: null };
    }
    case "RegisterWorkflowType":
    case "RegisterActivityType": {
      const kind = action === "RegisterWorkflowType" ? "workflow type" : "activity type";
      return {
        target: join(domain, `${kind} ${typeText(input)}`),
        domain,
        workflowId: null,
        runId: null,
      };
    }
    case "DeprecateWorkflowType":
    case "UndeprecateWorkflowType":
      return {
        target: join(domain, `workflow type ${typeText(input.workflowType)}`),
        domain,
        workflowId: null,
        runId: null,
      };
    case "DeprecateActivityType":
    case "UndeprecateActivityType":
      return {
        target: join(domain, `activity type ${typeText(input.activityType)}`),
        domain,
        workflowId: null,
        runId: null,
      };
    default:
      return { target: domain, domain, workflowId: null, runId: null };
  }
}
