/** Test function: always throws, as a broken function does. */
export async function handler(event: { message?: string }) {
  throw new TypeError(event.message ?? "exploded");
}
