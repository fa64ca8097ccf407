import type { EngineContext } from "../context";
import {
  DomainAlreadyExistsFault,
  DomainDeprecatedFault,
  LimitExceededFault,
  TooManyTagsFault,
  UnknownResourceFault,
} from "../faults";
import type { Input } from "../schemas";
import type { DomainRow } from "../store";
import { pageOf } from "./paging";

export const MAX_DOMAINS = 100;
export const MAX_DOMAIN_TAGS = 50;

export function domainArn(engine: EngineContext, name: string) {
  return `arn:aws:swf:${engine.settings.region}:${engine.settings.accountId}:/domain/${name}`;
}

/** The domain, or UnknownResourceFault (every operation that names a domain starts here). */
export function requireDomain(engine: EngineContext, name: string): DomainRow {
  const domain = engine.store.domains.get(name);
  if (!domain) throw UnknownResourceFault(`Unknown domain: ${name}`);
  return domain;
}

function domainInfo(engine: EngineContext, d: DomainRow) {
  return {
    name: d.name,
    status: d.status,
    ...(d.description ? { description: d.description } : {}),
    arn: domainArn(engine, d.name),
  };
}

export function RegisterDomain(engine: EngineContext, input: Input<"RegisterDomain">) {
  const tags = input.tags ?? [];
  if (tags.length > MAX_DOMAIN_TAGS)
    throw TooManyTagsFault(`A domain may have at most ${MAX_DOMAIN_TAGS} tags`);
  engine.transact((tx) => {
    const { domains } = tx.store;
    if (domains.get(input.name)) throw DomainAlreadyExistsFault(input.name);
    if (domains.count() >= MAX_DOMAINS) {
      throw LimitExceededFault(
        `Limit of ${MAX_DOMAINS} registered domains (including deprecated) reached`,
      );
    }
    domains.insert(
      input.name,
      input.description,
      input.workflowExecutionRetentionPeriodInDays,
      tx.now,
    );
    for (const tag of tags) domains.putTag(input.name, tag.key, tag.value ?? "");
  });
  return {};
}

export function DescribeDomain(engine: EngineContext, input: Input<"DescribeDomain">) {
  const d = requireDomain(engine, input.name);
  return {
    domainInfo: domainInfo(engine, d),
    configuration: { workflowExecutionRetentionPeriodInDays: d.retention },
  };
}

export function ListDomains(engine: EngineContext, input: Input<"ListDomains">) {
  const reverse = input.reverseOrder ?? false;
  const scope = `domains|${input.registrationStatus}|${reverse}`;
  const after = input.nextPageToken
    ? engine.pageTokens.decode<string>(scope, input.nextPageToken)
    : reverse
      ? "\uffff"
      : "";
  const rows = engine.store.domains.page(input.registrationStatus, after, reverse);
  const page = pageOf(rows, input.maximumPageSize);
  return {
    domainInfos: page.items.map((d) => domainInfo(engine, d)),
    ...(page.last ? { nextPageToken: engine.pageTokens.encode(scope, page.last.name) } : {}),
  };
}

export function DeprecateDomain(engine: EngineContext, input: Input<"DeprecateDomain">) {
  engine.transact((tx) => {
    const d = requireDomain(engine, input.name);
    if (d.status === "DEPRECATED") throw DomainDeprecatedFault(input.name);
    tx.store.domains.setStatus(d.name, "DEPRECATED");
    // Deprecating a domain deprecates every type in it (API reference); undeprecating leaves them so.
    tx.store.types.deprecateAll(d.name, tx.now);
  });
  return {};
}

export function UndeprecateDomain(engine: EngineContext, input: Input<"UndeprecateDomain">) {
  engine.transact((tx) => {
    const d = requireDomain(engine, input.name);
    if (d.status === "REGISTERED") throw DomainAlreadyExistsFault(input.name);
    tx.store.domains.setStatus(d.name, "REGISTERED");
  });
  return {};
}
