/**
 * SWF faults as they travel on the wire: HTTP 400 (500 for our own bugs) with
 * `{"__type": "<namespace>#<Name>", "message": "..."}`. SDKs keep what follows the
 * last `#` as the error name, so the namespace must match what AWS sends.
 */

const SWF_NS = "com.amazonaws.swf.base.model";
const CORAL_SERVICE_NS = "com.amazon.coral.service";
const CORAL_VALIDATE_NS = "com.amazon.coral.validate";

export class SwfFault extends Error {
  constructor(
    readonly faultName: string,
    message: string,
    readonly namespace: string = SWF_NS,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = faultName;
  }

  get wireType(): string {
    return `${this.namespace}#${this.faultName}`;
  }

  toBody(): { __type: string; message: string } {
    return { __type: this.wireType, message: this.message };
  }
}

const modelled = (name: string) => (message: string) => new SwfFault(name, message);

export const UnknownResourceFault = modelled("UnknownResourceFault");
export const TypeAlreadyExistsFault = modelled("TypeAlreadyExistsFault");
export const TypeDeprecatedFault = modelled("TypeDeprecatedFault");
export const TypeNotDeprecatedFault = modelled("TypeNotDeprecatedFault");
export const DomainAlreadyExistsFault = modelled("DomainAlreadyExistsFault");
export const DomainDeprecatedFault = modelled("DomainDeprecatedFault");
export const DefaultUndefinedFault = modelled("DefaultUndefinedFault");
export const WorkflowExecutionAlreadyStartedFault = modelled(
  "WorkflowExecutionAlreadyStartedFault",
);
export const LimitExceededFault = modelled("LimitExceededFault");
export const OperationNotPermittedFault = modelled("OperationNotPermittedFault");
export const TooManyTagsFault = modelled("TooManyTagsFault");

export const ValidationException = (message: string) =>
  new SwfFault("ValidationException", message, CORAL_VALIDATE_NS);

export const SerializationException = (message: string) =>
  new SwfFault("SerializationException", message, CORAL_SERVICE_NS);

export const UnknownOperationException = (message: string) =>
  new SwfFault("UnknownOperationException", message, CORAL_SERVICE_NS);

export const InternalFailure = (message: string) =>
  new SwfFault("InternalFailure", message, CORAL_SERVICE_NS, 500);

/** One coral-style constraint violation: `Value <v> at '<path>' failed to satisfy constraint: <c>`. */
export interface Violation {
  path: string;
  value: unknown;
  constraint: string;
}

/** `1 validation error detected: ...; ...` as the service words it. */
export function validationFault(violations: Violation[]): SwfFault {
  const n = violations.length;
  const parts = violations.map(
    (v) =>
      `Value ${describeValue(v.value)} at '${v.path}' failed to satisfy constraint: ${v.constraint}`,
  );
  return ValidationException(
    `${n} validation error${n === 1 ? "" : "s"} detected: ${parts.join("; ")}`,
  );
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string")
    return `'${value.length > 64 ? value.slice(0, 64) + "..." : value}'`;
  if (typeof value === "object") return Array.isArray(value) ? "[...]" : "{...}";
  return String(value);
}
