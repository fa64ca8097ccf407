import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentProps, Ref } from "react";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "xs" | "sm";

const BASE =
  "inline-flex items-center justify-center gap-1 rounded border font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed";
/**
 * Disabled looks the same for every variant — grey, not a faded version of its colour — so that a
 * disabled Terminate never looks like a live one.
 */
const DISABLED =
  "disabled:border-slate-300 disabled:bg-slate-100 disabled:text-slate-400 dark:disabled:border-slate-700 dark:disabled:bg-slate-800 dark:disabled:text-slate-500";
const VARIANTS: Record<ButtonVariant, string> = {
  primary:
    "border-sky-700 bg-sky-700 text-white hover:bg-sky-800 dark:border-sky-600 dark:bg-sky-700 dark:hover:bg-sky-800",
  secondary:
    "border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800",
  ghost:
    "border-transparent bg-transparent text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800",
  danger:
    "border-red-700 bg-red-700 text-white hover:bg-red-800 dark:border-red-500 dark:bg-red-600 dark:hover:bg-red-500",
};
const SIZES: Record<ButtonSize, string> = {
  xs: "h-6 px-2 text-xs",
  sm: "h-7 px-2.5 text-sm",
};

/** Class names of a button, for elements that must look like one (links, labels). */
export function buttonClass(
  variant: ButtonVariant = "secondary",
  size: ButtonSize = "sm",
  extra = "",
): string {
  return `${BASE} ${VARIANTS[variant]} ${variant === "ghost" ? "disabled:opacity-50" : DISABLED} ${SIZES[size]} ${extra}`.trim();
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  ref?: Ref<HTMLButtonElement>;
  variant?: ButtonVariant;
  size?: ButtonSize;
}

/** A button; `type="button"` unless told otherwise, so it never submits a form by accident. */
export function Button({
  variant = "secondary",
  size = "sm",
  className = "",
  type = "button",
  ...rest
}: ButtonProps) {
  return <button type={type} className={buttonClass(variant, size, className)} {...rest} />;
}

/** A Next.js link styled as a button. */
export function LinkButton({
  variant = "secondary",
  size = "sm",
  className = "",
  ...rest
}: ComponentProps<typeof Link> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <Link className={buttonClass(variant, size, className)} {...rest} />;
}

/** A button that reads as a link: small in-text actions ("Show JSON", "Show in history"). */
export function TextButton({
  className = "",
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type={type}
      className={`text-sky-700 hover:underline dark:text-sky-400 ${className}`.trim()}
      {...rest}
    />
  );
}
