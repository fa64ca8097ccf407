/** Where dates are shown: the browser's time zone or UTC. */
export type TimeZoneChoice = "local" | "utc";
