/** Class names for form controls, shared so that every filter bar and form looks the same. */
const CONTROL =
  "rounded border border-slate-300 bg-white px-2 text-sm text-slate-900 placeholder:text-slate-500 aria-[invalid=true]:border-red-500 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 dark:disabled:bg-slate-800 dark:disabled:text-slate-400";

/** Compact controls of filter bars and toolbars. */
export const inputClass = `h-7 ${CONTROL}`;

export const selectClass = `${inputClass} pr-6`;

/** Full-width controls of forms (inputs, selects, text areas). */
export const formInputClass = `w-full py-1 ${CONTROL}`;

export const labelClass =
  "flex flex-col gap-0.5 text-xs font-medium text-slate-600 dark:text-slate-400";
