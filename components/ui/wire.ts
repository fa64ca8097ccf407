/**
 * An SDK output type as it reaches the browser through `/api/swf/*`: JSON, so every `Date`
 * becomes an ISO string. `Wire<DescribeDomainOutput>` etc.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
