import { SWFClient, type SWFClientConfig } from "@aws-sdk/client-swf";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** SWF long polls hold a request for up to 60 s; give them room before the client gives up. */
export const LONG_POLL_REQUEST_TIMEOUT_MS = 70_000;

export interface CreateSwfClientOptions {
  /** Overrides `AWS_ENDPOINT_URL_SWF` / `AWS_ENDPOINT_URL`; absent: the SDK's own endpoint (AWS). */
  endpoint?: string;
  /** Overrides `AWS_REGION` (default `us-east-1`). */
  region?: string;
  /** Where to read the variables from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Request timeout in ms (default 70 s, above SWF's 60 s long poll). */
  requestTimeoutMs?: number;
  /** Anything else for the SDK client (credentials, retries, logger…). */
  config?: SWFClientConfig;
}

/**
 * An SWF client for pollers. It connects the way the AWS SDK and CLI do — `AWS_ENDPOINT_URL_SWF`
 * (else `AWS_ENDPOINT_URL`, else AWS itself), `AWS_REGION` and the standard credential chain —
 * and uses a `NodeHttpHandler` whose request timeout outlasts a 60 s long poll. Against a local
 * endpoint with no credentials configured it supplies dummy keys (the engine accepts any signature).
 */
export function createSwfClient(options: CreateSwfClientOptions = {}): SWFClient {
  const env = options.env ?? process.env;
  const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_SWF ?? env.AWS_ENDPOINT_URL;
  const region = options.region ?? env.AWS_REGION ?? "us-east-1";
  const local =
    endpoint !== undefined && /^https?:\/\/(127\.|localhost|\[::1\]|0\.0\.0\.0)/.test(endpoint);
  const hasCredentials = Boolean(
    env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || options.config?.credentials,
  );
  const timeout = options.requestTimeoutMs ?? LONG_POLL_REQUEST_TIMEOUT_MS;
  return new SWFClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(local && !hasCredentials
      ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 5_000,
      requestTimeout: timeout,
      throwOnRequestTimeout: true,
    }),
    ...options.config,
  });
}
