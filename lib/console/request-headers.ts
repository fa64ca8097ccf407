/**
 * Request headers the console's browser code sets and its server reads. Plain constants, nothing
 * server-only: the browser's API client and the route helpers import the same names, so the two
 * sides cannot drift apart.
 */

/** "1" when the request is a page's own poll, not the person's doing (no session renewal). */
export const BACKGROUND_HEADER = "x-console-background";

/** Ties the audit rows of one bulk action (many SWF calls) together. */
export const BULK_ID_HEADER = "x-console-bulk-id";
