"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/** SWF faults (4xx) are answers, not glitches: retry only unreachable endpoints and 5xx, once. */
function retry(failures: number, error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return failures < 1 && (status === undefined || status >= 500);
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, retry, refetchOnWindowFocus: false } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
