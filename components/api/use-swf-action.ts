"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ActionName } from "@/lib/swf/actions";
import { callSwf } from "./client";
import { invalidateAfter } from "./invalidate";

/**
 * Runs one mutating SWF action for a form or dialog: busy flag, the fault to show, success; on
 * success it invalidates only the queries the action touched (components/api/invalidate.ts).
 */
export function useSwfAction<T = Record<string, unknown>>(
  onDone?: (output: T, input: object) => void,
) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ action, input }: { action: ActionName; input: object }) =>
      callSwf<T>(action, input),
    onSuccess: (output, { action, input }) => {
      void invalidateAfter(client, action, input);
      onDone?.(output, input);
    },
  });
  return {
    busy: mutation.isPending,
    fault: mutation.error,
    done: mutation.isSuccess,
    output: mutation.data,
    /** Resolves with the output, or undefined when SWF refused (the fault is in `fault`). */
    run: (action: ActionName, input: object) =>
      mutation.mutateAsync({ action, input }).catch(() => undefined),
    reset: mutation.reset,
  };
}
