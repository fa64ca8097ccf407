"use client";

import { useState, type FormEvent } from "react";
import { consoleFetch } from "@/components/api/client";
import { FaultAlert } from "@/components/ui/alert";
import { buttonClass, Button } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";
import { oidcLoginHref } from "@/components/links";

/** User name and password; optionally "Sign in with SSO" (OpenID Connect). */
export function LoginForm({
  next,
  oidc,
  error,
}: {
  next: string;
  oidc: { label: string } | null;
  error?: string;
}) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [fault, setFault] = useState<unknown>(
    error ? { fault: "SignInFailed", message: error } : null,
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username || !password) {
      setFault({ fault: "ValidationError", message: "Enter your user name and password" });
      return;
    }
    setBusy(true);
    setFault(null);
    try {
      await consoleFetch("/api/auth/login", { body: { username, password } });
      // A full navigation, so that every server component sees the new session.
      window.location.assign(next);
    } catch (err) {
      setFault(err);
      setBusy(false);
    }
  };

  return (
    <div className="grid gap-4">
      <form onSubmit={submit} noValidate className="grid gap-3" data-testid="login-form">
        <label className="grid gap-1 text-sm">
          <span className="font-medium">User name</span>
          <input
            className={formInputClass}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </label>
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Password</span>
          <input
            className={formInputClass}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FaultAlert error={fault} />
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {oidc ? (
        <a
          className={`${buttonClass("secondary")} text-center`}
          href={oidcLoginHref(next)}
          data-testid="oidc-login"
        >
          {oidc.label}
        </a>
      ) : null}
    </div>
  );
}
