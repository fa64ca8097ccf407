/**
 * Raw HTTP for the tests of HTTP edges (the engine's, the function runner's): bytes a client
 * library would never send as they are, such as a request whose body stops short.
 */
import { connect } from "node:net";

/** Writes `text` to the server at `url` and resolves with everything it answered once it closes. */
export function answerUntilClosed(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let answer = "";
  socket.setEncoding("utf8");
  socket.on("data", (c: string) => (answer += c));
  socket.write(text);
  return new Promise((resolve) => socket.on("close", () => resolve(answer)));
}
