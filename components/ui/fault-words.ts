/**
 * What an SWF fault (or a console refusal) means, in words for the person who ran into it. The raw
 * fault name stays available as a detail; an unknown fault falls back to a generic sentence.
 */
const WORDS: Record<string, string> = {
  UnknownResourceFault: "Not found: SWF does not know this domain, type or execution.",
  WorkflowExecutionAlreadyStartedFault:
    "An execution with this workflow ID is already open: close it or pick another ID.",
  DomainAlreadyExistsFault: "A domain with this name already exists.",
  TypeAlreadyExistsFault: "This type and version are already registered.",
  DomainDeprecatedFault:
    "The domain is deprecated: nothing new can be registered or started in it.",
  TypeDeprecatedFault: "This type is deprecated: it cannot start new executions.",
  TypeNotDeprecatedFault: "This type is not deprecated.",
  DefaultUndefinedFault: "A setting was left empty and the type has no default for it.",
  LimitExceededFault: "An SWF limit was reached.",
  OperationNotPermittedFault: "SWF does not allow this operation here.",
  TooManyTagsFault: "Too many tags.",
  ValidationException: "SWF refused the input.",
  ValidationError: "The console refused the input.",
  SerializationException: "SWF could not read the request.",
  ThrottlingException: "SWF is throttling requests: wait a moment and try again.",
  EndpointUnreachable: "The console cannot reach the SWF endpoint.",
  NoCredentials: "The console has no AWS credentials to call SWF with.",
  TimeoutError:
    "SWF did not answer in time. A change may still have happened: look before trying it again.",
  Unauthenticated: "Your session has ended: sign in again.",
  Forbidden: "Your role does not allow this.",
  CrossOriginRequest: "The request came from another site and was refused.",
  UnknownAction: "The console does not offer this action.",
  AlreadyDecided: "Someone already decided this task.",
  TaskExpired: "This task has expired.",
  UnknownTask: "This task does not exist (any more).",
  InvalidCredentials: "Wrong user name or password.",
};

export interface FaultLike {
  fault?: string;
  name?: string;
  message?: string;
  status?: number;
}

/** The fault's raw code ("UnknownResourceFault"), or undefined for a plain error. */
export function faultCode(error: unknown): string | undefined {
  const e = error as FaultLike | null;
  const code = e?.fault ?? e?.name;
  return code && code !== "Error" ? code : undefined;
}

/** One sentence saying what happened. */
export function faultWords(error: unknown): string {
  const code = faultCode(error);
  if (code && WORDS[code]) return WORDS[code];
  const status = (error as FaultLike | null)?.status;
  if (status === 403) return WORDS.Forbidden;
  if (status === 401) return WORDS.Unauthenticated;
  return "Something went wrong.";
}

/** True when the error says the thing asked for does not exist. */
export function isNotFound(error: unknown): boolean {
  return faultCode(error) === "UnknownResourceFault" || (error as FaultLike)?.status === 404;
}
