/**
 * What `npm start` runs, from `--aws` and the environment. `npm start` itself tells the developer
 * to export `AWS_ENDPOINT_URL_SWF=http://127.0.0.1:7070` for their workers; that variable, still
 * set on the next `npm start`, names the very engine npm start is about to run, not an endpoint of
 * someone else's, so it must not turn the engine, the function runner and the demo off.
 */
import { isLoopbackName } from "../lib/engine/http-guards";

type Env = Record<string, string | undefined>;

export interface StartMode {
  /** Run the embedded engine and the function runner (and the demo unless `--no-demo`). */
  embedded: boolean;
  /** `AWS_ENDPOINT_URL_SWF` named npm start's own engine: the engine is started, and it is dropped. */
  ownEngine: boolean;
  /** Only the console, against this endpoint (undefined: embedded, or AWS itself with `--aws`). */
  endpoint?: string;
}

/** The port the engine npm start runs listens on (ENGINE_PORT, as the engine reads it). */
export function embeddedEnginePort(env: Env): string {
  return env.ENGINE_PORT || "7070";
}

/** True when `endpoint` is plain http to a loopback name on `port`: where npm start's engine listens. */
export function namesOwnEngine(endpoint: string, port: string): boolean {
  if (!URL.canParse(endpoint)) return false;
  const url = new URL(endpoint);
  return url.protocol === "http:" && isLoopbackName(url.hostname) && (url.port || "80") === port;
}

export function startMode(options: { aws: boolean; env: Env }): StartMode {
  // An empty variable is no setting, as the SWF client reads it too.
  const endpoint = options.env.AWS_ENDPOINT_URL_SWF || undefined;
  const ownEngine =
    endpoint !== undefined && namesOwnEngine(endpoint, embeddedEnginePort(options.env));
  const external = ownEngine ? undefined : endpoint;
  return {
    embedded: !options.aws && external === undefined,
    ownEngine,
    endpoint: external,
  };
}

/** The one line `npm start` prints when an endpoint in the environment leaves it only the console. */
export function consoleOnlyNotice(endpoint: string): string {
  return (
    `AWS_ENDPOINT_URL_SWF is set, so only the console starts, against ${endpoint}; ` +
    "to run the embedded engine, function runner and demo instead, unset it (unset AWS_ENDPOINT_URL_SWF)"
  );
}
