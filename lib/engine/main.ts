/**
 * `npm run engine -- --port 7070 --db ./data/swf.sqlite [--host 127.0.0.1] [--poll-timeout 60]`
 * Environment: ENGINE_PORT, ENGINE_DB, ENGINE_HOST, AWS_REGION.
 */
import { parseArgs } from "node:util";
import { startEngine } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    db: { type: "string" },
    host: { type: "string" },
    "poll-timeout": { type: "string" },
    durability: { type: "string" },
  },
});

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

async function main() {
  const running = await startEngine({
    port,
    db,
    host,
    pollTimeoutSeconds,
    durability,
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
