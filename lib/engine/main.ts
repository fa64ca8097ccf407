/**
 * `npm run engine -- --port 7070 --db ./data/swf.sqlite [--host 127.0.0.1] [--poll-timeout 60]
 *   [--durability full|normal] [--credentials FILE] [--lambda-endpoint URL]`
 * `--port 0` picks a free port; the real one is printed as `listening on http://HOST:PORT`.
 * `--credentials FILE` turns on strict SigV4 verification against the key pairs in FILE (JSON
 * `{"AKID": "SECRET"}` or lines `AKID:SECRET`); without it any signature is accepted.
 * `--lambda-endpoint URL` (or AWS_ENDPOINT_URL_LAMBDA) is the Lambda Invoke API that runs Lambda
 * tasks; without it ScheduleLambdaFunction fails with LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION.
 * Environment: ENGINE_PORT, ENGINE_DB, ENGINE_HOST, ENGINE_CREDENTIALS, AWS_REGION,
 * AWS_ENDPOINT_URL_LAMBDA.
 */
import { parseArgs } from "node:util";
import { readCredentialsFile, type CredentialsConfig } from "./auth";
import { startEngine } from "./server";

/** Flags; a malformed command line exits 2 with a one-line message rather than a stack trace. */
function flags() {
  try {
    return parseArgs({
      options: {
        port: { type: "string" },
        db: { type: "string" },
        host: { type: "string" },
        "poll-timeout": { type: "string" },
        durability: { type: "string" },
        credentials: { type: "string" },
        "lambda-endpoint": { type: "string" },
      },
    }).values;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

const values = flags();

function number(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const port = number("port", values.port ?? process.env.ENGINE_PORT ?? "7070");
const db = values.db ?? process.env.ENGINE_DB ?? "./data/swf.sqlite";
const host = values.host ?? process.env.ENGINE_HOST ?? "127.0.0.1";
const pollTimeoutSeconds = number("poll-timeout", values["poll-timeout"] ?? "60");
const durability = values.durability === "normal" ? "normal" : "full";
const credentialsFile = values.credentials ?? process.env.ENGINE_CREDENTIALS;
const lambdaEndpoint = values["lambda-endpoint"] ?? process.env.AWS_ENDPOINT_URL_LAMBDA;
if (lambdaEndpoint && !URL.canParse(lambdaEndpoint)) {
  console.error(`--lambda-endpoint must be a URL, got ${JSON.stringify(lambdaEndpoint)}`);
  process.exit(2);
}

function credentials(): CredentialsConfig | undefined {
  if (!credentialsFile) return undefined;
  try {
    return readCredentialsFile(credentialsFile);
  } catch (error) {
    console.error(
      `--credentials ${credentialsFile}: ${error instanceof Error ? error.message : error}`,
    );
    process.exit(2);
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
    region: process.env.AWS_REGION,
    log: (line) => console.error(line),
  });
  console.log(`listening on ${running.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    void running.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
