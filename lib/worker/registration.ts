/**
 * Idempotent registration of a domain and its types, which every worker program needs before it
 * polls: SWF answers a second registration with an "already exists" fault, which here means done.
 */
import {
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  type RegisterActivityTypeCommandInput,
  type RegisterWorkflowTypeCommandInput,
  type SWFClient,
} from "@aws-sdk/client-swf";

/** Runs a registration, treating "already exists" as success. */
async function ignoreExisting(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === "DomainAlreadyExistsFault" || name === "TypeAlreadyExistsFault") return;
    throw error;
  }
}

export interface TypeRegistrations {
  domain: { name: string; description?: string; retentionDays: number };
  workflowTypes?: Omit<RegisterWorkflowTypeCommandInput, "domain">[];
  activityTypes?: Omit<RegisterActivityTypeCommandInput, "domain">[];
}

/**
 * Registers a domain and its types. Existing ones are left as they are: SWF never changes a
 * registered type, so new defaults need a new version.
 */
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
  for (const type of spec.workflowTypes ?? []) {
    await ignoreExisting(swf.send(new RegisterWorkflowTypeCommand({ domain, ...type })));
  }
  for (const type of spec.activityTypes ?? []) {
    await ignoreExisting(swf.send(new RegisterActivityTypeCommand({ domain, ...type })));
  }
}
