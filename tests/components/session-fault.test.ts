import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/api/client";
import { isSessionEndedFault, sessionFaultShows } from "@/components/auth/session-ended";

const signedOut = new ApiError("Unauthenticated", "Your session has ended: sign in again", 401);
const refused = new ApiError("UnknownResourceFault", "Unknown execution", 400);

describe("how a signed-out tab's refusals show", () => {
  it("tells the session's end from other faults", () => {
    expect(isSessionEndedFault(signedOut)).toBe(true);
    expect(isSessionEndedFault(new ApiError("Forbidden", "no", 403))).toBe(false);
    expect(isSessionEndedFault(new Error("boom"))).toBe(false);
    expect(isSessionEndedFault(null)).toBe(false);
  });

  it("a view's read steps aside while the page's notice says it, and while it is read again", () => {
    expect(sessionFaultShows(signedOut, { ended: true, read: { fetching: false } })).toBe("quiet");
    // Back: the notice is gone and the views are read again; the old refusal is not flashed.
    expect(sessionFaultShows(signedOut, { ended: false, read: { fetching: true } })).toBe("quiet");
    expect(sessionFaultShows(signedOut, { ended: false, read: { fetching: false } })).toBe("as-is");
  });

  it("a change the person tried says it was not done, notice or not", () => {
    expect(sessionFaultShows(signedOut, { ended: true })).toBe("not-done");
    expect(sessionFaultShows(signedOut, { ended: false })).toBe("not-done");
  });

  it("other faults show as they are, reads and changes alike", () => {
    expect(sessionFaultShows(refused, { ended: true, read: { fetching: false } })).toBe("as-is");
    expect(sessionFaultShows(refused, { ended: true })).toBe("as-is");
  });
});
