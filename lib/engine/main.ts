/**
 * `npm run engine -- --port 7070 --db ./data/swf.sqlite [--host 127.0.0.1] [--poll-timeout 60]
 *   [--durability full|normal] [--credentials FILE] [--cors-origin ORIGIN]… [--allow-host NAME]…
 *   [--insecure] [--max-connections N] [--max-held-polls N] [--request-timeout SECONDS]
 *   [--lambda-endpoint URL]`
 * `--port 0` picks a free port; the real one is printed as `listening on http://HOST:PORT`.
 * `--credentials FILE` turns on strict SigV4 verification against the key pairs in FILE (JSON
 * `{"AKID": "SECRET"}` or lines `AKID:SECRET`); without it any signature is accepted, which is
 * why a non-loopback `--host` needs `--credentials` (or `--insecure`).
 * `--lambda-endpoint URL` (or AWS_ENDPOINT_URL_LAMBDA) is the Lambda Invoke API that runs Lambda
 * tasks; without it ScheduleLambdaFunction fails with LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION.
 * Environment: ENGINE_PORT, ENGINE_DB, ENGINE_HOST, ENGINE_CREDENTIALS, ENGINE_CORS_ORIGINS and
 * ENGINE_ALLOW_HOSTS (comma-separated), ENGINE_INSECURE=1, AWS_REGION, AWS_ENDPOINT_URL_LAMBDA,
 * LOG_LEVEL.
 * SIGTERM/SIGINT stop it gracefully: held long polls are answered empty, everything is committed.
 */
import { parseArgs } from "node:util";
import { createLogger } from "../log";
import { sqliteFileSetting } from "../typed-path";
import { readCredentialsFile, type CredentialsConfig } from "./auth";
import { startEngine } from "./server";

// The AWS SDK release we pin warns on Node 20 (its Lambda client runs Lambda tasks); the pin is
// deliberate.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const log = createLogger("engine");

/** A malformed command line exits 2 with a one-line message rather than a stack trace. */
function usage(message: string): never {
  log.fatal(`${message} (npm run engine -- --help lists the flags)`);
  process.exit(2);
}

const USAGE = `Usage: npm run engine -- [flags]

The embedded SWF-compatible engine. Prints "listening on http://HOST:PORT" once it accepts
requests; SIGTERM or SIGINT stop it cleanly (held polls answered empty, everything committed).

  --port N                 default 7070 (ENGINE_PORT); 0: any free port
  --db FILE                SQLite file, relative to where you typed the command (ENGINE_DB;
                           default the project's ./data/swf.sqlite); :memory: keeps nothing
  --host ADDRESS           default 127.0.0.1 (ENGINE_HOST); another address needs --credentials
                           or --insecure
  --poll-timeout SECONDS   long polls wait this long (default 60; 0 answers empty polls at once)
  --durability full|normal SQLite synchronous mode (default full)
  --credentials FILE       strict SigV4: JSON {"AKID": "SECRET"} or lines AKID:SECRET
                           (ENGINE_CREDENTIALS)
  --cors-origin ORIGIN     browser origin allowed, repeatable (ENGINE_CORS_ORIGINS, comma-separated)
  --allow-host NAME        Host name accepted besides loopback, repeatable (ENGINE_ALLOW_HOSTS)
  --insecure               listen off loopback without credentials (ENGINE_INSECURE=1)
  --max-connections N      open connections served at once, at least 1 (default 4096)
  --max-held-polls N       long polls held at once, at least 1 (default 4000)
  --request-timeout SECONDS time to receive a request (default 30)
  --lambda-endpoint URL    Lambda Invoke API for Lambda tasks (AWS_ENDPOINT_URL_LAMBDA), e.g.
                           npm run functions
  -h, --help               this text

Also ENGINE_METRICS_TOKEN (with --credentials, the bearer token GET /metrics asks for), AWS_REGION
(default us-east-1) and LOG_LEVEL (debug: one line per request).`;

function flags() {
  try {
    return parseArgs({
      options: {
        help: { type: "boolean", short: "h" },
        port: { type: "string" },
        db: { type: "string" },
        host: { type: "string" },
        "poll-timeout": { type: "string" },
        durability: { type: "string" },
        credentials: { type: "string" },
        "cors-origin": { type: "string", multiple: true },
        "allow-host": { type: "string", multiple: true },
        insecure: { type: "boolean" },
        "max-connections": { type: "string" },
        "max-held-polls": { type: "string" },
        "request-timeout": { type: "string" },
        "lambda-endpoint": { type: "string" },
      },
    }).values;
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
}

const values = flags();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/**
 * `value` as a number of at least `min`; `setting` is what the user typed it as (`--port`, or
 * `ENGINE_PORT` when it came from there), so that the error names what to correct.
 */
function number(setting: string, value: string, min = 0): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min)
    usage(
      `${setting} must be a ${min > 0 ? "positive" : "non-negative"} number, got ${JSON.stringify(value)}`,
    );
  return n;
}

const optionalNumber = (flag: string, value: string | undefined, min = 0) =>
  value === undefined ? undefined : number(`--${flag}`, value, min);

const list = (flag: string[] | undefined, env: string | undefined) => [
  ...(flag ?? []),
  ...(env ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
];

const port =
  values.port !== undefined
    ? number("--port", values.port)
    : number("ENGINE_PORT", process.env.ENGINE_PORT || "7070");
// A typed file from where it was typed (npm runs this from the project's root); the default in
// the project's data folder.
const db = sqliteFileSetting(values.db ?? process.env.ENGINE_DB, "./data/swf.sqlite");
const host = values.host ?? process.env.ENGINE_HOST ?? "127.0.0.1";
const pollTimeoutSeconds = number("--poll-timeout", values["poll-timeout"] ?? "60");
function durabilityMode(value = "full"): "full" | "normal" {
  if (value === "full" || value === "normal") return value;
  usage(`--durability must be full or normal, got ${JSON.stringify(value)}`);
}
const durability = durabilityMode(values.durability);
const credentialsFile = values.credentials ?? process.env.ENGINE_CREDENTIALS;
const requestTimeout = optionalNumber("request-timeout", values["request-timeout"]);
// 0 would refuse every request (every poll): no setting anyone means, so it is refused here.
const maxConnections = optionalNumber("max-connections", values["max-connections"], 1);
const maxHeldPolls = optionalNumber("max-held-polls", values["max-held-polls"], 1);
const lambdaEndpoint = values["lambda-endpoint"] ?? process.env.AWS_ENDPOINT_URL_LAMBDA;
if (lambdaEndpoint && !URL.canParse(lambdaEndpoint))
  usage(`--lambda-endpoint must be a URL, got ${JSON.stringify(lambdaEndpoint)}`);

function credentials(): CredentialsConfig | undefined {
  if (!credentialsFile) return undefined;
  try {
    return readCredentialsFile(credentialsFile);
  } catch (error) {
    usage(`--credentials ${credentialsFile}: ${error instanceof Error ? error.message : error}`);
  }
}

async function main() {
  const running = await startEngine({
    port,
    db,
    host,
    pollTimeoutSeconds,
    durability,
    credentials: credentials(),
    lambdaEndpoint,
    metricsToken: process.env.ENGINE_METRICS_TOKEN,
    region: process.env.AWS_REGION,
    corsOrigins: list(values["cors-origin"], process.env.ENGINE_CORS_ORIGINS),
    allowHosts: list(values["allow-host"], process.env.ENGINE_ALLOW_HOSTS),
    insecure: values.insecure ?? process.env.ENGINE_INSECURE === "1",
    maxConnections,
    maxHeldPolls,
    requestTimeoutMs: requestTimeout === undefined ? undefined : requestTimeout * 1000,
    logger: log,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal}: stopping (answering held polls, committing)`);
    running.close().then(
      () => {
        log.info("engine stopped");
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "engine did not stop cleanly");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // Scripts and tests wait for these lines, and may stop the engine the moment they see one: the
  // handlers above are in place by then.
  console.log(`listening on ${running.url}`);
  log.info({ url: running.url, db, durability }, "engine started");
}

main().catch((error: unknown) => {
  log.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
