import type { EngineContext } from "../context";
import { TooManyTagsFault, UnknownResourceFault } from "../faults";
import type { Input } from "../schemas";
import { domainArn, MAX_DOMAIN_TAGS } from "./domains";

/** Only domains carry tags; their ARN is `arn:aws:swf:<region>:<account>:/domain/<name>`. */
function requireTaggedDomain(engine: EngineContext, arn: string): string {
  const name = arn.match(/^arn:aws:swf:[^:]*:[^:]*:\/domain\/(.+)$/)?.[1];
  if (!name || !engine.store.domains.get(name) || domainArn(engine, name) !== arn) {
    throw UnknownResourceFault(`Unknown resource: ${arn}`);
  }
  return name;
}

export function TagResource(engine: EngineContext, input: Input<"TagResource">) {
  engine.transact((tx) => {
    const domain = requireTaggedDomain(engine, input.resourceArn);
    const keys = new Set(tx.store.domains.tags(domain).map((t) => t.key));
    for (const tag of input.tags) keys.add(tag.key);
    if (keys.size > MAX_DOMAIN_TAGS)
      throw TooManyTagsFault(`A domain may have at most ${MAX_DOMAIN_TAGS} tags`);
    for (const tag of input.tags) tx.store.domains.putTag(domain, tag.key, tag.value ?? "");
  });
  return {};
}

export function UntagResource(engine: EngineContext, input: Input<"UntagResource">) {
  engine.transact((tx) => {
    const domain = requireTaggedDomain(engine, input.resourceArn);
    for (const key of input.tagKeys) tx.store.domains.deleteTag(domain, key);
  });
  return {};
}

export function ListTagsForResource(engine: EngineContext, input: Input<"ListTagsForResource">) {
  const domain = requireTaggedDomain(engine, input.resourceArn);
  return { tags: engine.store.domains.tags(domain) };
}
