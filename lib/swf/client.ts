import { SWFClient } from "@aws-sdk/client-swf";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** The embedded engine's default address. */
export const EMBEDDED_ENDPOINT = "http://127.0.0.1:7070";

export interface SwfTarget {
  endpoint: string;
  region: string;
  /** True when talking to a local engine rather than AWS. */
  local: boolean;
}

/**
 * Where the console's SWF calls go. `AWS_ENDPOINT_URL_SWF` (the SDK/CLI standard) wins; with
 * `SWF_USE_AWS=1` the SDK's own endpoint resolution and credential chain are used unchanged.
 */
/** How long the console's SDK waits for any SWF answer (a long poll takes up to 60 s). */
export const SWF_REQUEST_TIMEOUT_MS = 70_000;

export function swfTarget(env: NodeJS.ProcessEnv = process.env): SwfTarget {
  const region = env.AWS_REGION ?? "us-east-1";
  if (env.SWF_USE_AWS === "1" && !env.AWS_ENDPOINT_URL_SWF) {
    return { endpoint: `https://swf.${region}.amazonaws.com`, region, local: false };
  }
  const endpoint = env.AWS_ENDPOINT_URL_SWF ?? env.AWS_ENDPOINT_URL ?? EMBEDDED_ENDPOINT;
  return { endpoint, region, local: /^https?:\/\/(127\.|localhost|\[::1\])/.test(endpoint) };
}

export function createSwfClient(env: NodeJS.ProcessEnv = process.env): SWFClient {
  const target = swfTarget(env);
  const useAws = env.SWF_USE_AWS === "1" && !env.AWS_ENDPOINT_URL_SWF;
  // A local engine accepts any signature; the SDK still insists on some credentials.
  const credentials =
    target.local && !env.AWS_ACCESS_KEY_ID
      ? { accessKeyId: "local", secretAccessKey: "local" }
      : undefined;
  return new SWFClient({
    region: target.region,
    ...(useAws ? {} : { endpoint: target.endpoint }),
    ...(credentials ? { credentials } : {}),
    // Long polls (the inbox poller) wait up to 60 s.
    requestHandler: new NodeHttpHandler({
      requestTimeout: SWF_REQUEST_TIMEOUT_MS,
      connectionTimeout: 5_000,
    }),
  });
}

let shared: SWFClient | undefined;

/** One client per server process: it keeps its sockets alive between requests. */
export function swfClient(): SWFClient {
  return (shared ??= createSwfClient());
}
