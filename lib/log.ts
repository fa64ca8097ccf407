/**
 * The one logger factory for every process of the project: engine, console, worker SDK, demo.
 * pino, JSON lines when the destination is not a terminal (what log shippers read), readable
 * lines on a terminal. Level from `LOG_LEVEL` (default `info`); per-request lines are `debug`
 * so that a busy engine or console does not pay for them unless asked.
 *
 * Logs go to stderr: stdout belongs to what a process says to its caller (the engine's
 * `listening on …` line, a CLI's answer).
 */
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default stderr. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? "info";
  const destination = options.destination ?? process.stderr;
  const tty = (destination as NodeJS.WriteStream).isTTY === true;
  // Synchronous pretty printing: no worker thread, so it also works inside Next.js bundles.
  const stream = tty
    ? pretty({ sync: true, destination, ignore: "pid,hostname", translateTime: "SYS:HH:MM:ss.l" })
    : destination;
  return pino({ name, level, base: undefined }, stream);
}
