import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { portTakenHint } from "../../scripts/port-taken";

let taken: Server;
let port: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  port = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

it("names the port and the variable that moves the engine, from the engine's own line", () => {
  const engine = spawnSync(
    process.execPath,
    ["--import", "tsx", "lib/engine/main.ts", "--port", String(port), "--db", ":memory:"],
    { cwd: join(__dirname, "../.."), encoding: "utf8" },
  );
  expect(engine.status).toBe(1);
  const line = engine.stderr.split("\n").find((l) => l.includes("EADDRINUSE"))!;
  expect(portTakenHint("engine", line)).toBe(
    `port ${port} is taken (another npm start, or another program): ENGINE_PORT=<another port> npm start moves the engine`,
  );
});

it("reads Next.js's line for the console, and passes every other line", () => {
  expect(portTakenHint("console", "Error: listen EADDRINUSE: address already in use :::3000")).toBe(
    "port 3000 is taken (another npm start, or another program): PORT=<another port> npm start moves the console",
  );
  expect(portTakenHint("engine", "listening on http://127.0.0.1:7070")).toBeUndefined();
  expect(portTakenHint("console", "✓ Ready in 260ms")).toBeUndefined();
});
