"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Dialog } from "@/components/ui/dialog";
import { consoleFetch } from "@/components/api/client";
import { useSession } from "./session";
import { FaultAlert, Success } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";
import { loginHref } from "@/components/links";

/** The header's user menu: who is signed in (and as what), change password, sign out. */
export function UserMenu() {
  const { data: session, isPending } = useSession();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  if (isPending) return null;
  if (!session) {
    return (
      <Link href={loginHref()} className="text-sm underline" data-testid="user-menu-sign-in">
        Sign in
      </Link>
    );
  }
  const signOut = async () => {
    await consoleFetch("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    queryClient.clear();
    window.location.assign(loginHref());
  };
  return (
    <div className="relative" data-testid="user-menu">
      <button
        type="button"
        className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
        aria-expanded={open}
        aria-haspopup="menu"
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu-button"
      >
        <span data-testid="user-menu-username">{session.user.username}</span>
        <span
          className="rounded bg-slate-200 px-1.5 text-xs dark:bg-slate-700"
          data-testid="user-menu-role"
        >
          {session.user.role}
        </span>
      </button>
      {open ? (
        <div
          role="menu"
          className="absolute right-0 z-20 mt-1 grid w-48 rounded border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        >
          {session.user.source === "local" ? (
            <button
              role="menuitem"
              type="button"
              className="px-3 py-1.5 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
              onClick={() => (setChanging(true), setOpen(false))}
            >
              Change password
            </button>
          ) : null}
          <button
            role="menuitem"
            type="button"
            className="px-3 py-1.5 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
            onClick={signOut}
            data-testid="sign-out"
          >
            Sign out
          </button>
        </div>
      ) : null}
      {changing ? <ChangePasswordDialog onClose={() => setChanging(false)} /> : null}
    </div>
  );
}

function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [fault, setFault] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const problem =
    next && next.length < 8
      ? "At least 8 characters"
      : repeat && next !== repeat
        ? "The passwords differ"
        : undefined;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problem || !current || !next) return;
    setBusy(true);
    setFault(null);
    try {
      await consoleFetch("/api/auth/password", {
        body: { currentPassword: current, newPassword: next },
      });
      setDone(true);
    } catch (err) {
      setFault(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open title="Change password" onClose={onClose} busy={busy}>
      {done ? (
        <Success>Password changed. Your other sessions were signed out.</Success>
      ) : (
        <form className="grid gap-3" onSubmit={submit} noValidate>
          <PasswordField
            label="Current password"
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
          />
          <PasswordField
            label="New password"
            autoComplete="new-password"
            value={next}
            onChange={setNext}
          />
          <PasswordField
            label="Repeat the new password"
            autoComplete="new-password"
            value={repeat}
            onChange={setRepeat}
          />
          {problem ? <p className="text-xs text-red-700">{problem}</p> : null}
          <FaultAlert error={fault} />
          <div>
            <Button
              type="submit"
              variant="primary"
              disabled={busy || Boolean(problem) || !current || !next || next !== repeat}
            >
              Change password
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** One labelled password input of the change-password form. */
function PasswordField({
  label,
  autoComplete,
  value,
  onChange,
}: {
  label: string;
  autoComplete: "current-password" | "new-password";
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="grid gap-1 text-sm">
      {label}
      <input
        type="password"
        autoComplete={autoComplete}
        className={formInputClass}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
