/**
 * `npm start [-- --no-demo]`: builds the console if needed, then runs the local Lambda function
 * runner (the demo's functions, or FUNCTIONS_DIR), the embedded engine (pointed at it), the console
 * and the demo workflows together; Ctrl-C stops them all, and they stop by themselves should this
 * process be killed. With `--aws` or `AWS_ENDPOINT_URL_SWF` set, only the console starts, against
 * that endpoint (or AWS itself, through the standard chain) — unless the variable names the engine
 * npm start runs itself (loopback, on ENGINE_PORT), as npm start tells workers to set it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { adminPassword, adminSignIn, consoleAdminEnv } from "./admin-password";
import { childOutput } from "./child-output";
import { commandLine } from "./command-line";
import { changedSources } from "./console-build";
import {
  bin,
  engineDb,
  functionsDir,
  root,
  startEngineProcess,
  startFunctionRunner,
} from "./local-services";
import { portTakenHint } from "./port-taken";
import { startChild, stopInTurn, type Child } from "./processes";
import { consoleOnlyNotice, embeddedEnginePort, startMode } from "./start-mode";
import { stopWithLauncher } from "./stop-with-launcher";

// The AWS SDK release we pin warns on Node 20; the pin is deliberate.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const USAGE = `Usage: npm start [-- --no-demo | --aws]

Builds the console if its sources changed, then runs the embedded SWF engine, the local Lambda
function runner, the console and the demo workflows; Ctrl-C stops them all.

  --no-demo   the same without the demo's workflows, for your own
  --aws       only the console, against AWS SWF through the standard credential chain
              (as does setting AWS_ENDPOINT_URL_SWF: only the console, against that endpoint,
              unless it is this engine's own http://127.0.0.1:ENGINE_PORT)
  -h, --help  this text

Environment (every variable: README.md): PORT (console, 3000), CONSOLE_HOST (127.0.0.1),
ENGINE_PORT (7070), ENGINE_DB (./data/swf.sqlite), CONSOLE_DB (./data/console.sqlite),
CONSOLE_ADMIN_PASSWORD (else generated once and kept beside CONSOLE_DB),
FUNCTIONS_DIR, FUNCTIONS_PORT, AWS_REGION (us-east-1). A relative ENGINE_DB, CONSOLE_DB or
FUNCTIONS_DIR is taken from where you typed the command.`;

const values = commandLine(
  { aws: { type: "boolean" }, "no-demo": { type: "boolean" } },
  USAGE,
  "[start] ",
);
const mode = startMode({ aws: values.aws === true, env: process.env });
// The engine about to start, named by a variable an earlier `npm start` told the developer to
// export: this run sets it afresh once the engine listens.
if (mode.ownEngine) delete process.env.AWS_ENDPOINT_URL_SWF;
const external = !mode.embedded;
const withDemo = !external && !values["no-demo"];
const consolePort = process.env.PORT ?? "3000";
// Loopback unless told otherwise, like the engine: a laptop on a shared network keeps its console
// (and the admin password printed below) to itself; a team's server sets CONSOLE_HOST=0.0.0.0.
const consoleHost = process.env.CONSOLE_HOST || "127.0.0.1";
const enginePort = embeddedEnginePort(process.env);

const say = (line: string) => console.log(`[start] ${line}`);
// On a terminal, the children's JSON log lines are shown readable.
const terminal = process.stdout.isTTY === true;

/** Shows a child's lines under its name, and says what to do when its port is taken. */
function shown(name: string): (line: string) => void {
  const show = childOutput(name, { terminal });
  return (line) => {
    show(line);
    const hint = portTakenHint(name, line);
    if (hint) say(hint);
  };
}

/** Rebuilds when there is no build or a source of the console is newer than it. */
function ensureBuilt() {
  const buildId = join(root, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changed = changedSources(root, builtAt);
  if (changed.length === 0) return;
  // Naming what changed tells a developer why a start takes a minute longer than the last one.
  const which = changed.slice(0, 3).map((file) => relative(root, file));
  say(
    builtAt
      ? `sources changed (${which.join(", ")}${changed.length > 3 ? ", …" : ""}): rebuilding the console`
      : "building the console (first run)",
  );
  const build = spawnSync(bin("next"), ["build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("next build failed");
}

const children: Child[] = [];
let demo: { stop(): Promise<void> } | undefined;
let stopping = false;

/**
 * Once `child` is up, its exit ends `npm start` too: without the engine (or the function runner
 * it calls) the console shows only errors and the demo workers retry in a loop, and nothing says why.
 */
function stopWhenItExits(child: Child) {
  void child.exited.then((code) => {
    if (stopping) return;
    const signal = child.process.signalCode;
    console.error(
      `[start] the ${child.name} stopped (${signal ? `killed by ${signal}` : `exit code ${code}`}); stopping everything`,
    );
    void stop(1);
  });
}

/** Stops the demo workers, then every child process group, newest first. */
async function stop(code: number, why?: string) {
  if (stopping) return;
  stopping = true;
  say(why ? `${why}: stopping…` : "stopping…");
  await demo?.stop().catch((e) => console.error(e));
  await stopInTurn(children);
  process.exit(code);
}

async function main() {
  // SIGHUP: the terminal was closed or the SSH session dropped. The children run in process
  // groups of their own, so the terminal's signals never reach them: this handler stops them in
  // order. (Were this process killed outright, their lifeline would stop them: scripts/lifeline.mjs.)
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => void stop(0, signal));
  // npm itself killed (`kill <npm's pid>`, SIGKILL to it alone) sends this process nothing.
  stopWithLauncher((why) => void stop(0, why));
  // Before a build that may take minutes: why no engine, function runner or demo is coming.
  if (mode.endpoint && !values.aws) say(consoleOnlyNotice(mode.endpoint));
  ensureBuilt();

  const env: Record<string, string> = { AWS_REGION: process.env.AWS_REGION ?? "us-east-1" };
  if (!external) {
    // Lambda functions, on the local runner the engine invokes them through: the developer's
    // folder, else the demo's (its shipping quote).
    const ownFunctions = Boolean(process.env.FUNCTIONS_DIR);
    const functions = startFunctionRunner({
      dir: functionsDir(process.env),
      port: process.env.FUNCTIONS_PORT ?? "0",
      onLine: shown("functions"),
    });
    children.push(functions.child);
    const lambdaEndpoint = await functions.ready;
    stopWhenItExits(functions.child);
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaEndpoint;
    const engine = startEngineProcess({
      port: enginePort,
      db: engineDb(process.env),
      lambdaEndpoint,
      onLine: shown("engine"),
    });
    children.push(engine.child);
    const url = await engine.ready;
    stopWhenItExits(engine.child);
    env.AWS_ENDPOINT_URL_SWF = url;
    process.env.AWS_ENDPOINT_URL_SWF = url;
    process.env.AWS_REGION = env.AWS_REGION;
    process.env.AWS_ACCESS_KEY_ID ??= "local";
    process.env.AWS_SECRET_ACCESS_KEY ??= "local";
    if (withDemo) {
      const { startDemo } = await import("../examples/demo");
      demo = await startDemo({
        log: (line: string) => console.log(`[demo] ${line}`),
        // Another folder need not hold the demo's function: its orders go without the quote.
        shippingQuotes: !ownFunctions,
      });
    }
  } else if (values.aws && !process.env.AWS_ENDPOINT_URL_SWF) {
    env.SWF_USE_AWS = "1";
  }

  const admin = adminPassword(process.env);
  // Idle sockets outlive a load balancer's (60 s on AWS), so the console never closes a kept-alive
  // socket the balancer is about to reuse.
  const nextArgs = ["start", "-H", consoleHost, "-p", consolePort, "--keepAliveTimeout", "75000"];
  const web = startChild("console", bin("next"), nextArgs, {
    env: {
      ...env,
      ...consoleAdminEnv(admin),
      HUMAN_TASK_LISTS:
        // The demo's approvals and reviews; without the demo their domains need not exist.
        process.env.HUMAN_TASK_LISTS ?? (withDemo ? "orders:approvals,media:review" : ""),
    },
    onLine: shown("console"),
  });
  children.push(web);
  await web.waitFor(/Ready in/);
  stopWhenItExits(web);

  // Every interface (0.0.0.0, ::) is no address a browser opens; this machine's name is one.
  const shownHost = ["127.0.0.1", "0.0.0.0", "::"].includes(consoleHost)
    ? "localhost"
    : consoleHost;
  say(`console: http://${shownHost}:${consolePort}`);
  say(
    `SWF endpoint: ${process.env.AWS_ENDPOINT_URL_SWF ?? (values.aws ? "AWS (standard credential chain)" : "")}`,
  );
  // The examples and a console started by hand look for the engine at 7070 (or ENGINE_PORT);
  // everything else, the worker SDK included, needs the endpoint.
  if (!external)
    say(
      `your workers and the AWS CLI reach it with AWS_ENDPOINT_URL_SWF=${process.env.AWS_ENDPOINT_URL_SWF}`,
    );
  say(adminSignIn(admin));
  say("Ctrl-C stops everything");
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  void stop(1);
});
