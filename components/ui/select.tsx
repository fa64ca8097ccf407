import type { ReactNode, Ref, SelectHTMLAttributes } from "react";
import { selectClass } from "./field";

export type SelectOption<T extends string | number> = T | { value: T; label: ReactNode };

/**
 * A native select over a list of options (a bare value is its own label), after an optional
 * empty choice (`empty`: "Any", "Choose…", a type's default). Compact (`selectClass`) unless a
 * class is given.
 */
export function Select<T extends string | number>({
  options,
  empty,
  className = selectClass,
  ...rest
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  options: readonly SelectOption<T>[];
  empty?: ReactNode;
  ref?: Ref<HTMLSelectElement>;
}) {
  return (
    <select className={className} {...rest}>
      {empty === undefined ? null : <option value="">{empty}</option>}
      {options.map((o) => {
        const { value, label } = typeof o === "object" ? o : { value: o, label: o };
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
}
