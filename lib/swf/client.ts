/**
 * The one SWF client factory, for the console, the worker SDK and the demo. It connects the way
 * the AWS SDK and CLI do: `AWS_ENDPOINT_URL_SWF` (else `AWS_ENDPOINT_URL`), `AWS_REGION` (default
 * `us-east-1`) and the standard credential chain. What differs between callers is only where to go
 * when no endpoint is configured: the worker SDK goes to AWS (as any SDK would); the console goes
 * to the embedded engine (on `ENGINE_PORT` when set, as the engine reads it) unless
 * `SWF_USE_AWS=1` (`npm start --aws`).
 *
 * Against a local endpoint with no credentials configured (no keys, no `AWS_PROFILE`), dummy keys
 * are supplied: the local engine needs a signature, not a particular one.
 */
import { SWFClient, type SWFClientConfig } from "@aws-sdk/client-swf";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { readRetries } from "./read-retries";

/** The embedded engine's default address. */
export const EMBEDDED_ENDPOINT = "http://127.0.0.1:7070";

/** The embedded engine's address: its default one, or on the port `ENGINE_PORT` gives it. */
export function embeddedEndpoint(env: Env): string {
  return env.ENGINE_PORT ? `http://127.0.0.1:${env.ENGINE_PORT}` : EMBEDDED_ENDPOINT;
}

/** SWF long polls hold a request for up to 60 s; give them room before the client gives up. */
export const LONG_POLL_REQUEST_TIMEOUT_MS = 70_000;

type Env = Record<string, string | undefined>;

/**
 * How long the console's own calls wait for an answer (`CONSOLE_SWF_TIMEOUT_SECONDS`, default
 * 10 s). Someone waits on a page behind each of them, and none is a long poll (the inbox poller
 * has its own client), so a hung SWF fails the page within seconds rather than after the long
 * poll's 70 s times the SDK's attempts. An attempt that timed out is not repeated
 * (read-retries.ts): the page shows the fault after one timeout. 10 s is far above what SWF takes
 * for the console's reads (well under a second on AWS), so a slow SWF still answers.
 */
export function consoleCallTimeoutMs(env: Env = process.env): number {
  const seconds = Number(env.CONSOLE_SWF_TIMEOUT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

export interface CreateSwfClientOptions {
  /** Overrides `AWS_ENDPOINT_URL_SWF` / `AWS_ENDPOINT_URL`. */
  endpoint?: string;
  /** Overrides `AWS_REGION` (default `us-east-1`). */
  region?: string;
  /** Where to read the variables from (default `process.env`). */
  env?: Env;
  /**
   * With no endpoint configured: `"aws"` (default) lets the SDK resolve AWS's endpoint;
   * `"embedded"` uses the embedded engine unless `SWF_USE_AWS=1`.
   */
  fallback?: "aws" | "embedded";
  /** Request timeout in ms (default 70 s, above SWF's 60 s long poll). */
  requestTimeoutMs?: number;
  /** Anything else for the SDK client (credentials, retries, logger…). */
  config?: SWFClientConfig;
}

/** Where calls go, as the console shows it. */
export interface SwfTarget {
  /** Where calls go (for AWS: its regional endpoint, as the SDK resolves it). */
  endpoint: string;
  region: string;
  /** True when talking to an engine on this machine rather than AWS. */
  local: boolean;
}

export interface ResolvedSwfTarget extends SwfTarget {
  /** True when no endpoint is configured: the SDK's own endpoint resolution (AWS). */
  aws: boolean;
}

/** The console's settings: the embedded engine when nothing is configured. */
export const CONSOLE_SWF: CreateSwfClientOptions = { fallback: "embedded" };

export function isLocalEndpoint(endpoint: string | undefined): boolean {
  return (
    endpoint !== undefined &&
    /^https?:\/\/(127\.|localhost(:|\/|$)|\[::1\]|0\.0\.0\.0)/i.test(endpoint)
  );
}

/** Where calls go, from the options and the environment (see the module comment). */
export function swfTarget(options: CreateSwfClientOptions = {}): ResolvedSwfTarget {
  const env = options.env ?? process.env;
  const fallback =
    options.fallback === "embedded" && env.SWF_USE_AWS !== "1" ? embeddedEndpoint(env) : undefined;
  // An empty variable (`AWS_ENDPOINT_URL_SWF=` in a shell or an .env file) is no setting, as
  // `npm start` reads it too, not "go to AWS".
  const endpoint = options.endpoint || env.AWS_ENDPOINT_URL_SWF || env.AWS_ENDPOINT_URL || fallback;
  const region = options.region || env.AWS_REGION || "us-east-1";
  return {
    endpoint: endpoint ?? `https://swf.${region}.amazonaws.com`,
    region,
    aws: endpoint === undefined,
    local: isLocalEndpoint(endpoint),
  };
}

/** One finished SWF call, as observers see it. */
export interface SwfCall {
  action: string;
  seconds: number;
  /** The fault's name when the call failed. */
  fault?: string;
}
export type SwfCallObserver = (call: SwfCall) => void;

const OBSERVERS = Symbol.for("swf-console.swf-call-observers");
function observers(): Set<SwfCallObserver> {
  const g = globalThis as { [OBSERVERS]?: Set<SwfCallObserver> };
  return (g[OBSERVERS] ??= new Set());
}

/** Calls `observer` after every SWF call made by any client of this process. Returns an undo. */
export function observeSwfCalls(observer: SwfCallObserver): () => void {
  observers().add(observer);
  return () => observers().delete(observer);
}

export function createSwfClient(options: CreateSwfClientOptions = {}): SWFClient {
  // The SDK release the project pins warns, at a process's first client on Node 20, about later
  // releases needing Node 22; the pin is deliberate, and every program (a developer's worker
  // included) would print a warning its user can do nothing about.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const env = options.env ?? process.env;
  const target = swfTarget(options);
  const hasCredentials = Boolean(
    env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || options.config?.credentials,
  );
  const client = new SWFClient({
    region: target.region,
    ...(target.aws ? {} : { endpoint: target.endpoint }),
    ...(target.local && !hasCredentials
      ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: 5_000,
      requestTimeout: options.requestTimeoutMs ?? LONG_POLL_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    }),
    ...options.config,
  });
  // Latency and faults per action, for whoever observes (the console's metrics).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      const action = String(context.commandName ?? "unknown").replace(/Command$/, "");
      const report = (fault?: string) => {
        const call = { action, seconds: (performance.now() - started) / 1000, fault };
        for (const observer of observers()) observer(call);
      };
      try {
        const output = await next(args);
        report();
        return output;
      } catch (error) {
        report((error as Error)?.name || "Error");
        throw error;
      }
    },
    { step: "initialize", name: "swfCallObserver" },
  );
  return client;
}

const SHARED = Symbol.for("swf-console.swf-client");

/**
 * The console's client for reads, one per server process: it keeps its sockets alive between
 * requests, and does not repeat an attempt that timed out (read-retries.ts).
 */
export function swfClient(): SWFClient {
  const g = globalThis as { [SHARED]?: SWFClient };
  return (g[SHARED] ??= createSwfClient({
    ...CONSOLE_SWF,
    requestTimeoutMs: consoleCallTimeoutMs(),
    config: { retryStrategy: readRetries() },
  }));
}
