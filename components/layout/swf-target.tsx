"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { SwfTarget } from "@/lib/swf/client";

const SwfTargetContext = createContext<SwfTarget>({
  endpoint: "https://swf.us-east-1.amazonaws.com",
  region: "us-east-1",
  local: false,
});

/** The SWF endpoint the console talks to, for views that show it (CLI commands). */
export function SwfTargetProvider({
  target,
  children,
}: {
  target: SwfTarget;
  children: ReactNode;
}) {
  return <SwfTargetContext.Provider value={target}>{children}</SwfTargetContext.Provider>;
}

export function useSwfTarget(): SwfTarget {
  return useContext(SwfTargetContext);
}
