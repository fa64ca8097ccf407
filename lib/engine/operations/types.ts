import type { EngineContext } from "../context";
import { toEpochSeconds } from "../core/shape";
import {
  DomainDeprecatedFault,
  LimitExceededFault,
  TypeAlreadyExistsFault,
  TypeDeprecatedFault,
  TypeNotDeprecatedFault,
  UnknownResourceFault,
} from "../faults";
import type { Input } from "../schemas";
import type { TypeKind, TypeRow } from "../store";
import { requireDomain } from "./domains";
import { pageOf } from "./paging";

const LABEL = { workflow: "WorkflowType", activity: "ActivityType" } as const;
const MEMBER = { workflow: "workflowType", activity: "activityType" } as const;

interface TypeRef {
  name: string;
  version: string;
}

export const typeLabel = (kind: TypeKind, t: TypeRef) =>
  `${LABEL[kind]}=[name=${t.name}, version=${t.version}]`;

export function findType(
  engine: EngineContext,
  domain: string,
  kind: TypeKind,
  t: TypeRef,
): TypeRow | undefined {
  return engine.store.types.get(domain, kind, t.name, t.version);
}

export function requireType(
  engine: EngineContext,
  domain: string,
  kind: TypeKind,
  t: TypeRef,
): TypeRow {
  requireDomain(engine, domain);
  const row = findType(engine, domain, kind, t);
  if (!row) throw UnknownResourceFault(`Unknown type: ${typeLabel(kind, t)}`);
  return row;
}

/** Every `default*` member the caller supplied; Describe returns exactly these. */
function suppliedDefaults(input: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => k.startsWith("default") && v !== undefined),
  );
}

function register(
  engine: EngineContext,
  kind: TypeKind,
  input: { domain: string; name: string; version: string; description?: string },
) {
  engine.transact((tx) => {
    const domain = requireDomain(engine, input.domain);
    if (domain.status === "DEPRECATED")
      throw DomainDeprecatedFault(`Domain is deprecated: ${input.domain}`);
    if (findType(engine, input.domain, kind, input))
      throw TypeAlreadyExistsFault(typeLabel(kind, input));
    const limit = engine.settings.maxTypesPerDomain;
    if (tx.store.types.count(input.domain, kind) >= limit) {
      throw LimitExceededFault(`Limit of ${limit} ${kind} types per domain reached`);
    }
    tx.store.types.insert(
      input.domain,
      kind,
      input.name,
      input.version,
      input.description,
      tx.now,
      suppliedDefaults(input),
    );
  });
  return {};
}

function typeInfo(kind: TypeKind, row: TypeRow) {
  return {
    [MEMBER[kind]]: { name: row.name, version: row.version },
    status: row.status,
    ...(row.description ? { description: row.description } : {}),
    creationDate: toEpochSeconds(row.created_at),
    ...(row.deprecated_at !== null ? { deprecationDate: toEpochSeconds(row.deprecated_at) } : {}),
  };
}

function describe(engine: EngineContext, kind: TypeKind, domain: string, t: TypeRef) {
  const row = requireType(engine, domain, kind, t);
  return { typeInfo: typeInfo(kind, row), configuration: JSON.parse(row.config) };
}

function list(
  engine: EngineContext,
  kind: TypeKind,
  input: {
    domain: string;
    name?: string;
    registrationStatus: string;
    nextPageToken?: string;
    maximumPageSize?: number;
    reverseOrder?: boolean;
  },
) {
  requireDomain(engine, input.domain);
  const reverse = input.reverseOrder ?? false;
  const scope = `types|${kind}|${input.domain}|${input.name ?? ""}|${input.registrationStatus}|${reverse}`;
  const after: [string, string] = input.nextPageToken
    ? engine.pageTokens.decode<[string, string]>(scope, input.nextPageToken)
    : reverse
      ? ["\uffff", "\uffff"]
      : ["", ""];
  const rows = engine.store.types.page(
    input.domain,
    kind,
    input.registrationStatus,
    input.name ?? null,
    after,
    reverse,
  );
  const page = pageOf(rows, input.maximumPageSize);
  return {
    typeInfos: page.items.map((row) => typeInfo(kind, row)),
    ...(page.last
      ? { nextPageToken: engine.pageTokens.encode(scope, [page.last.name, page.last.version]) }
      : {}),
  };
}

function setStatus(
  engine: EngineContext,
  kind: TypeKind,
  domain: string,
  t: TypeRef,
  status: TypeRow["status"],
) {
  engine.transact((tx) => {
    const row = requireType(engine, domain, kind, t);
    // Every type of a deprecated domain is deprecated: brought back alone, it would let a decider
    // start children (new executions) in a domain that may no longer create any.
    if (status === "REGISTERED" && requireDomain(engine, domain).status === "DEPRECATED")
      throw DomainDeprecatedFault(`Domain is deprecated: ${domain}`);
    if (row.status === status) {
      throw status === "DEPRECATED"
        ? TypeDeprecatedFault(typeLabel(kind, t))
        : TypeAlreadyExistsFault(typeLabel(kind, t));
    }
    tx.store.types.setStatus(row, status, tx.now);
  });
  return {};
}

function remove(engine: EngineContext, kind: TypeKind, domain: string, t: TypeRef) {
  engine.transact((tx) => {
    const row = requireType(engine, domain, kind, t);
    if (row.status !== "DEPRECATED") throw TypeNotDeprecatedFault(typeLabel(kind, t));
    tx.store.types.remove(row);
  });
  return {};
}

export const RegisterWorkflowType = (e: EngineContext, i: Input<"RegisterWorkflowType">) =>
  register(e, "workflow", i);
export const RegisterActivityType = (e: EngineContext, i: Input<"RegisterActivityType">) =>
  register(e, "activity", i);
export const DescribeWorkflowType = (e: EngineContext, i: Input<"DescribeWorkflowType">) =>
  describe(e, "workflow", i.domain, i.workflowType);
export const DescribeActivityType = (e: EngineContext, i: Input<"DescribeActivityType">) =>
  describe(e, "activity", i.domain, i.activityType);
export const ListWorkflowTypes = (e: EngineContext, i: Input<"ListWorkflowTypes">) =>
  list(e, "workflow", i);
export const ListActivityTypes = (e: EngineContext, i: Input<"ListActivityTypes">) =>
  list(e, "activity", i);
export const DeprecateWorkflowType = (e: EngineContext, i: Input<"DeprecateWorkflowType">) =>
  setStatus(e, "workflow", i.domain, i.workflowType, "DEPRECATED");
export const DeprecateActivityType = (e: EngineContext, i: Input<"DeprecateActivityType">) =>
  setStatus(e, "activity", i.domain, i.activityType, "DEPRECATED");
export const UndeprecateWorkflowType = (e: EngineContext, i: Input<"UndeprecateWorkflowType">) =>
  setStatus(e, "workflow", i.domain, i.workflowType, "REGISTERED");
export const UndeprecateActivityType = (e: EngineContext, i: Input<"UndeprecateActivityType">) =>
  setStatus(e, "activity", i.domain, i.activityType, "REGISTERED");
export const DeleteWorkflowType = (e: EngineContext, i: Input<"DeleteWorkflowType">) =>
  remove(e, "workflow", i.domain, i.workflowType);
export const DeleteActivityType = (e: EngineContext, i: Input<"DeleteActivityType">) =>
  remove(e, "activity", i.domain, i.activityType);
