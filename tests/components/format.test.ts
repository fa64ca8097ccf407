import { afterEach, describe, expect, it } from "vitest";
import { formatCount as formatSwfCount, formatCountOf } from "@/components/ui/count";
import {
  differentDay,
  durationBetween,
  formatClock,
  formatCount,
  formatDateTime,
  formatDuration,
  formatOffset,
  formatRelative,
  formatSwfDuration,
  formatTimestamp,
  isoToLocalInput,
  localInputToIso,
  oneLine,
  prettyPayload,
  toMs,
} from "@/components/ui/format";
import {
  DEFAULT_TIME_SETTINGS,
  getTimeSettings,
  parseTimeSettings,
  setTimeSettings,
} from "@/components/ui/time-settings";

const T = "2026-12-06T15:30:12.345Z";

describe("dates", () => {
  afterEach(() => setTimeSettings(DEFAULT_TIME_SETTINGS));

  it("read one way everywhere: YYYY-MM-DD HH:mm:ss, in UTC or local time", () => {
    expect(formatDateTime(T, { zone: "utc" })).toBe("2026-12-06 15:30:12");
    expect(formatDateTime(T, { zone: "utc", millis: true })).toBe("2026-12-06 15:30:12.345");
    expect(formatClock(T, { zone: "utc" })).toBe("15:30:12.345");
    expect(formatClock(T, { zone: "utc", millis: false })).toBe("15:30:12");
    expect(formatDateTime(T, { zone: "local" })).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(formatDateTime(undefined)).toBe("—");
    expect(formatDateTime("garbage")).toBe("—");
    // Midnight is 00, never 24.
    expect(formatDateTime("2026-12-06T00:00:00Z", { zone: "utc" })).toBe("2026-12-06 00:00:00");
  });

  it("follow the user's zone setting when no zone is given", () => {
    setTimeSettings({ zone: "utc", style: "absolute" });
    expect(formatDateTime(T)).toBe("2026-12-06 15:30:12");
    expect(formatDateTime(T, true)).toBe("2026-12-06 15:30:12.345");
    expect(
      differentDay(Date.parse("2026-12-06T23:59:00Z"), Date.parse("2026-12-07T00:01:00Z")),
    ).toBe(true);
    expect(
      differentDay(Date.parse("2026-12-06T00:01:00Z"), Date.parse("2026-12-06T23:59:00Z")),
    ).toBe(false);
  });

  it("keeps the setting as two choices and refuses anything else", () => {
    expect(parseTimeSettings('{"zone":"utc","style":"relative"}')).toEqual({
      zone: "utc",
      style: "relative",
    });
    expect(parseTimeSettings("not json")).toEqual(DEFAULT_TIME_SETTINGS);
    expect(parseTimeSettings('{"zone":"mars"}')).toEqual(DEFAULT_TIME_SETTINGS);
    expect(parseTimeSettings(null)).toEqual(DEFAULT_TIME_SETTINGS);
    setTimeSettings({ zone: "utc", style: "relative" });
    expect(getTimeSettings()).toEqual({ zone: "utc", style: "relative" });
  });

  it("relative times through Intl", () => {
    const now = Date.parse("2024-01-01T12:00:00Z");
    expect(formatRelative("2024-01-01T11:59:55Z", now)).toBe("5s ago");
    expect(formatRelative("2024-01-01T11:57:00Z", now)).toBe("3m ago");
    expect(formatRelative("2024-01-01T10:00:00Z", now)).toBe("2h ago");
    expect(formatRelative("2024-01-03T12:00:00Z", now)).toBe("in 2d");
    expect(formatRelative(undefined, now)).toBe("—");
  });

  it("one wording per setting, wherever a date is shown (<Time>, an <option>'s text)", () => {
    const now = Date.parse(T) + 3 * 60_000;
    expect(formatTimestamp(T, { zone: "utc", relative: true, now })).toBe(formatRelative(T, now));
    expect(formatTimestamp(T, { zone: "utc", relative: true, now })).toMatch(/ago$/);
    expect(formatTimestamp(T, { zone: "utc", relative: false, now })).toBe("2026-12-06 15:30:12");
    expect(formatTimestamp(T, { zone: "utc", relative: false, now }, "time")).toBe("15:30:12");
    expect(formatTimestamp(undefined, { zone: "utc", relative: true, now })).toBe("—");
  });

  it("converts datetime-local values and ISO strings both ways", () => {
    const iso = "2024-05-01T10:20:30.000Z";
    expect(localInputToIso(isoToLocalInput(iso))).toBe(iso);
    expect(localInputToIso("")).toBeUndefined();
    expect(isoToLocalInput(undefined)).toBe("");
    expect(toMs(new Date(5))).toBe(5);
  });
});

describe("durations: one style everywhere", () => {
  it("use at most two units", () => {
    expect(formatDuration(0)).toBe("0ms");
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(1_250)).toBe("1.2s");
    expect(formatDuration(4_200)).toBe("4.2s");
    expect(formatDuration(5_000)).toBe("5.0s");
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(143_000)).toBe("2m 23s");
    expect(formatDuration(7_800_000)).toBe("2h 10m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(-1_500)).toBe("-1.5s");
  });

  it("measure open-ended spans up to now", () => {
    expect(durationBetween("2024-01-01T00:00:00Z", "2024-01-01T00:00:02Z", 0)).toBe(2000);
    expect(
      durationBetween("2024-01-01T00:00:00Z", undefined, Date.parse("2024-01-01T00:01:00Z")),
    ).toBe(60_000);
    expect(durationBetween(undefined, "2024-01-01T00:00:00Z", 0)).toBeUndefined();
  });

  it("offsets from the start carry a sign", () => {
    expect(formatOffset(0)).toBe("+0ms");
    expect(formatOffset(61_000)).toBe("+1m 01s");
  });

  it("SWF durations are seconds or NONE, shown in the same style", () => {
    expect(formatSwfDuration("NONE")).toBe("none");
    expect(formatSwfDuration("30")).toBe("30s");
    expect(formatSwfDuration("3600")).toBe("1h 00m (3600s)");
    expect(formatSwfDuration(undefined)).toBe("—");
    expect(formatSwfDuration("abc")).toBe("abc");
  });
});

describe("counts and payloads", () => {
  it("counts have thousands separators; truncated SWF counts are lower bounds", () => {
    expect(formatCount(25_000)).toBe("25,000");
    expect(formatSwfCount({ count: 1234 })).toBe("1,234");
    expect(formatSwfCount({ count: 1000, truncated: true })).toBe("≥ 1,000");
    expect(formatSwfCount(undefined)).toBe("—");
    expect(formatCountOf({ count: 1 }, "execution")).toBe("1 execution");
    expect(formatCountOf({ count: 0 }, "execution")).toBe("0 executions");
    expect(formatCountOf({ count: 1, truncated: true }, "execution")).toBe("≥ 1 executions");
  });

  it("JSON payloads are pretty-printed, anything else is kept as is", () => {
    expect(prettyPayload('{"a":1,"b":[2]}')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
    expect(prettyPayload("not json {")).toBe("not json {");
    expect(prettyPayload("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
  });

  it("one-line previews collapse whitespace and cut long text", () => {
    expect(oneLine('{\n  "a": 1\n}')).toBe('{ "a": 1 }');
    const long = oneLine("x".repeat(500), 20);
    expect(long).toHaveLength(20);
    expect(long.endsWith("…")).toBe(true);
  });
});
