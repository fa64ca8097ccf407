/** Small helpers the examples share: idempotent registration and cancellable sleeps. */
import {
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  type RegisterActivityTypeCommandInput,
  type RegisterWorkflowTypeCommandInput,
  type SWFClient,
} from "@aws-sdk/client-swf";

/** Runs a registration, treating "already exists" as success (registration is idempotent here). */
async function ignoreExisting(call: Promise<unknown>): Promise<"registered" | "existed"> {
  try {
    await call;
    return "registered";
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === "DomainAlreadyExistsFault" || name === "TypeAlreadyExistsFault") return "existed";
    throw error;
  }
}

export interface TypeRegistrations {
  domain: { name: string; description: string; retentionDays: number };
  workflowTypes: Omit<RegisterWorkflowTypeCommandInput, "domain">[];
  activityTypes: Omit<RegisterActivityTypeCommandInput, "domain">[];
}

/** Registers a domain and its types; existing ones are left as they are. */
export async function registerAll(swf: SWFClient, spec: TypeRegistrations): Promise<void> {
  const domain = spec.domain.name;
  await ignoreExisting(
    swf.send(
      new RegisterDomainCommand({
        name: domain,
        description: spec.domain.description,
        workflowExecutionRetentionPeriodInDays: String(spec.domain.retentionDays),
      }),
    ),
  );
  for (const type of spec.workflowTypes) {
    await ignoreExisting(swf.send(new RegisterWorkflowTypeCommand({ domain, ...type })));
  }
  for (const type of spec.activityTypes) {
    await ignoreExisting(swf.send(new RegisterActivityTypeCommand({ domain, ...type })));
  }
}

/** Waits `ms`; rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** True when this module is the program tsx was asked to run (CommonJS entry check). */
export function isMain(mod: { id?: string; filename?: string } | undefined): boolean {
  return typeof require !== "undefined" && mod !== undefined && require.main === mod;
}
