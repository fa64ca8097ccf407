/** The variable that moves each service `npm start` runs to another port. */
const PORT_VARIABLES: Record<string, string> = {
  engine: "ENGINE_PORT",
  console: "PORT",
  functions: "FUNCTIONS_PORT",
};

/**
 * When a line of a child's output says its port is taken (Node's `listen EADDRINUSE: address
 * already in use 127.0.0.1:7070`, as the engine logs it and Next.js prints it): what to tell the
 * developer, who may not know that another `npm start` (another checkout) holds it, nor which
 * variable moves it.
 */
export function portTakenHint(name: string, line: string): string | undefined {
  const taken = line.match(/EADDRINUSE\b.*:(\d+)\b/);
  if (!taken) return undefined;
  const variable = PORT_VARIABLES[name];
  return `port ${taken[1]} is taken (another npm start, or another program)${variable ? `: ${variable}=<another port> npm start moves the ${name}` : ""}`;
}
