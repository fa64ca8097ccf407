// Shared helpers for lib/history tests.
import { DEFAULT_START } from "../fixtures/histories";

/** Epoch ms of the fixtures' start time plus `seconds`. */
export const T0 = Date.parse(DEFAULT_START);
export const ms = (seconds: number): number => T0 + seconds * 1000;
export const at = (seconds: number): Date => new Date(ms(seconds));
