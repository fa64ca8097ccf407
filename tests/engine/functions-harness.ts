/**
 * Lambda tasks in engine tests: the project's local function runner serving
 * tests/engine/functions/ on a free port, and an engine pointed at it.
 */
import { fileURLToPath } from "node:url";
import { createLogger, type Logger } from "../../lib/log";
import { startFunctionsServer, type RunningFunctions } from "../../lib/functions/server";
import { startTestEngine, type TestEngine } from "./harness";
import type { EngineOptions } from "../../lib/engine/engine";
import type { FakeClock } from "../../lib/engine/clock";

export const FUNCTIONS_DIR = fileURLToPath(new URL("./functions/", import.meta.url));

export async function startFunctions(logger?: Logger): Promise<RunningFunctions> {
  return startFunctionsServer({
    dir: FUNCTIONS_DIR,
    logger: logger ?? createLogger("functions", { level: "silent" }),
  });
}

/** An engine whose Lambda tasks run on a fresh local function runner. */
export async function startLambdaEngine(
  options: {
    clock?: FakeClock;
    pollTimeoutSeconds?: number;
    /** The function runner's logger (default: silent). */
    functionsLogger?: Logger;
  } & Partial<EngineOptions> = {},
): Promise<TestEngine & { functions: RunningFunctions }> {
  const { functionsLogger, ...engineOptions } = options;
  const functions = await startFunctions(functionsLogger);
  const t = await startTestEngine({ ...engineOptions, lambdaEndpoint: functions.url });
  return {
    ...t,
    functions,
    close: async () => {
      await t.close();
      await functions.close();
    },
  };
}

interface HangState {
  calls: number;
  waiting: (() => void)[];
  listeners: (() => void)[];
  notify(): void;
}

/**
 * What functions/hang.ts shares with the test (through globalThis: the runner imports the
 * handler itself): how often it was called, and the invocations still waiting to answer.
 */
export function hangState(): HangState {
  const g = globalThis as { __hangState?: HangState };
  return (g.__hangState ??= {
    calls: 0,
    waiting: [],
    listeners: [],
    notify() {
      for (const listener of this.listeners.splice(0)) listener();
    },
  });
}

/** Resolves once hang.ts has been called `count` times in all. */
export function hangCalls(count: number): Promise<void> {
  const state = hangState();
  return new Promise((resolve) => {
    const check = () => (state.calls >= count ? resolve() : state.listeners.push(check));
    check();
  });
}

/** Lets every waiting hang.ts invocation answer. */
export function releaseHangs() {
  for (const release of hangState().waiting.splice(0)) release();
}
