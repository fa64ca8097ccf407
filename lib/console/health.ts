/**
 * `GET /api/healthz`: does the console's database answer, and does SWF? Each probe is bounded in
 * time so that a hung dependency makes the check fail, not hang. Faults are named, never detailed
 * (the endpoint needs no session).
 */
import { ListDomainsCommand, type SWFClient } from "@aws-sdk/client-swf";
import type { Db } from "./db";

export interface Probe {
  ok: boolean;
  latencyMs: number;
  fault?: string;
}

export interface Health {
  status: "ok" | "unavailable";
  database: Probe;
  swf: Probe;
}

async function probe(
  run: (signal: AbortSignal) => Promise<unknown>,
  timeoutMs: number,
): Promise<Probe> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // A probe that ignores the signal (a database connect) still ends at the timeout.
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener("abort", () => reject(new Error("Timeout"))),
    );
    await Promise.race([run(controller.signal), aborted]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    const name = controller.signal.aborted ? "Timeout" : (e as Error)?.name || "Error";
    return { ok: false, latencyMs: Math.round(performance.now() - started), fault: name };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(db: Db, swf: SWFClient, timeoutMs = 3_000): Promise<Health> {
  const [database, swfProbe] = await Promise.all([
    probe(() => db.ping(), timeoutMs),
    probe(
      (abortSignal) =>
        swf.send(new ListDomainsCommand({ registrationStatus: "REGISTERED", maximumPageSize: 1 }), {
          abortSignal,
        }),
      timeoutMs,
    ),
  ]);
  return {
    status: database.ok && swfProbe.ok ? "ok" : "unavailable",
    database,
    swf: swfProbe,
  };
}
