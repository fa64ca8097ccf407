// A choice remembered per browser (localStorage): the date style, the executions list's columns,
// the timeline's name width. A plain store, no React: components read it through
// useStoredSetting (use-stored-setting.ts), plain functions (format.ts) through get().
export interface StoredSetting<T> {
  readonly defaultValue: T;
  get(): T;
  set(next: T): void;
  subscribe(listener: () => void): () => void;
}

/**
 * A setting stored as JSON under `key`. `parse` turns what is stored (anything a user or an
 * older version may have left there) into a valid value.
 */
export function storedSetting<T>(
  key: string,
  defaultValue: T,
  parse: (stored: unknown) => T,
): StoredSetting<T> {
  let current: T | undefined;
  const listeners = new Set<() => void>();
  return {
    defaultValue,
    get() {
      if (current !== undefined) return current;
      if (typeof window === "undefined") return defaultValue;
      current = readStored(key, defaultValue, parse);
      return current;
    },
    set(next) {
      current = next;
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // private mode: the choice lasts for this tab
      }
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function readStored<T>(key: string, fallback: T, parse: (stored: unknown) => T): T {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? fallback : parse(JSON.parse(raw));
  } catch {
    return fallback;
  }
}
