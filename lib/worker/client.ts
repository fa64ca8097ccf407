/**
 * The worker SDK's SWF client is the project's one client factory (lib/swf/client.ts): with no
 * endpoint configured it goes to AWS, as any AWS SDK would.
 */
import type { SWFClient } from "@aws-sdk/client-swf";
import { createSwfClient as projectClient, type CreateSwfClientOptions } from "../swf/client";

export { LONG_POLL_REQUEST_TIMEOUT_MS, type CreateSwfClientOptions } from "../swf/client";

/**
 * A client configured for SWF's long polls (see lib/swf/client.ts). The AWS SDK release the
 * project pins warns, in every program on Node 20, about releases after it that will need Node
 * 22; the pin is deliberate, so a developer's worker would print a warning it can do nothing about.
 */
export function createSwfClient(options: CreateSwfClientOptions = {}): SWFClient {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return projectClient(options);
}
