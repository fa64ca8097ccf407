/**
 * The worker SDK's SWF client is the project's one client factory (lib/swf/client.ts): with no
 * endpoint configured it goes to AWS, as any AWS SDK would.
 */
import type { SWFClient } from "@aws-sdk/client-swf";

export {
  createSwfClient,
  LONG_POLL_REQUEST_TIMEOUT_MS,
  type CreateSwfClientOptions,
} from "../swf/client";
/**
 * Where `swf`'s calls go, for error lines: its endpoint, else AWS's regional one, which the SDK
 * resolves per call (no endpoint configured). A refused connection or missing credentials then
 * names the place, and a worker aimed at AWS by accident says so.
 */
export async function endpointOf(swf: SWFClient): Promise<string> {
  const endpoint = await swf.config.endpoint?.();
  if (!endpoint) return `https://swf.${await swf.config.region()}.amazonaws.com`;
  const port = endpoint.port ? `:${endpoint.port}` : "";
  const path = endpoint.path === "/" ? "" : endpoint.path;
  return `${endpoint.protocol}//${endpoint.hostname}${port}${path}`;
}
