import type { Clock } from "./clock";
import type { Transact } from "./core/run";
import type { Dispatcher } from "./dispatch";
import type { EngineSettings } from "./settings";
import type { Store } from "./store";
import type { PageTokens } from "./tokens";

/**
 * What operations and the Lambda runner receive from the engine: its store, clock, settings,
 * long-poll dispatcher, page tokens and transactions. The engine builds one; tests may build
 * another around any store and clock. Nothing here imports the engine.
 */
export interface EngineContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: EngineSettings;
  readonly dispatcher: Dispatcher;
  readonly pageTokens: PageTokens;
  /** Runs `fn` in one all-or-nothing transaction; its wake-ups, alarms and invocations follow the commit. */
  readonly transact: Transact;
}
