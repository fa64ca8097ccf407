import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/api/client";
import {
  isSessionEndedFault,
  noteSessionEnded,
  sessionFaultShows,
} from "@/components/auth/session-ended";
import { requiresText, SESSION_ENDED_TEXT } from "@/components/auth/session";

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

describe("why a role-gated control is disabled", () => {
  it("names the role it takes, or, once the tab's session has ended, says that instead", () => {
    expect(requiresText("signal")).toBe("Requires the operator role");
    noteSessionEnded(true);
    try {
      expect(requiresText("signal")).toBe(SESSION_ENDED_TEXT);
      expect(requiresText("terminate")).not.toMatch(/role/);
    } finally {
      noteSessionEnded(false);
    }
    expect(requiresText("register")).toBe("Requires the admin role");
  });
});
