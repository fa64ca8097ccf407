/** Test function: tax on an amount, echoing what it was called with. */
export async function handler(event: { amount?: number }, context: { functionName: string }) {
  return {
    tax: Math.round((event.amount ?? 0) * 0.2 * 100) / 100,
    functionName: context.functionName,
  };
}
