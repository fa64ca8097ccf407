"use client";

import { selectClass } from "@/components/ui/field";
import { setTimeSettings, type TimeSettings } from "@/components/ui/time-settings";
import { useTimeSettings } from "@/components/ui/use-time-settings";
import { Select } from "@/components/ui/select";

const CHOICES: { value: string; label: string; settings: TimeSettings }[] = [
  { value: "local-absolute", label: "Local time", settings: { zone: "local", style: "absolute" } },
  { value: "utc-absolute", label: "UTC", settings: { zone: "utc", style: "absolute" } },
  {
    value: "local-relative",
    label: "Relative (local)",
    settings: { zone: "local", style: "relative" },
  },
  { value: "utc-relative", label: "Relative (UTC)", settings: { zone: "utc", style: "relative" } },
];

/** The header's one date setting: local time or UTC, absolute or relative. */
export function TimeSettingsMenu() {
  const settings = useTimeSettings();
  const value = `${settings.zone}-${settings.style}`;
  return (
    <Select
      aria-label="Show dates in"
      title="Show dates in local time or UTC, absolute or relative"
      className={`${selectClass} text-xs`}
      value={value}
      onChange={(e) => {
        const choice = CHOICES.find((c) => c.value === e.target.value);
        if (choice) setTimeSettings(choice.settings);
      }}
      data-testid="time-settings"
      options={CHOICES}
    />
  );
}
