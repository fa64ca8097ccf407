"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { keys } from "@/components/api/keys";
import { useState, type FormEvent } from "react";
import { consoleFetch } from "@/components/api/client";
import { useSession } from "@/components/auth/session";
import { ROLES, type Role } from "@/lib/console/roles";
import type { ListedUser } from "@/lib/console/users";
import { FaultAlert, Success } from "@/components/ui/alert";
import { Field } from "@/components/ui/form-field";
import { Button } from "@/components/ui/button";
import { formInputClass } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { Select } from "@/components/ui/select";
import { Table, TBody, THead } from "@/components/ui/table";

/** Users: create, change role, reset password, disable, sign out everywhere, delete (admin). */
export function UsersAdmin() {
  const { data, error } = useQuery({
    queryKey: keys.users(),
    queryFn: () => consoleFetch<{ users: ListedUser[] }>("/api/users"),
  });
  const { data: session } = useSession();
  return (
    <div className="grid gap-8">
      <FaultAlert error={error} />
      <Table label="Users" testId="users-table">
        <THead columns={["User", "Role", "Sign-in", "Last sign-in", "Actions"]} />
        <TBody>
          {data?.users.map((u) => (
            <UserRow key={u.id} user={u} self={u.username === session?.user.username} />
          ))}
        </TBody>
      </Table>
      <section className="max-w-md">
        <h2 className="mb-2 text-base font-semibold">Add a user</h2>
        <CreateUserForm />
      </section>
    </div>
  );
}

function useUserMutation(username: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown> | "delete") =>
      body === "delete"
        ? consoleFetch(`/api/users/${encodeURIComponent(username)}`, { method: "DELETE" })
        : consoleFetch(`/api/users/${encodeURIComponent(username)}`, { method: "PATCH", body }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: keys.users() }),
  });
}

/** "3 tasks" */
const tasks = (n: number) => `${n} task${n === 1 ? "" : "s"}`;

/** What disabling or deleting does to the tasks the user holds, for the confirmation. */
function releaseWarning(user: ListedUser): string {
  return user.heldTasks
    ? `\n\n${user.username} holds ${tasks(user.heldTasks)} in the inbox; ${
        user.heldTasks === 1 ? "it is" : "they are"
      } released, for anyone who may decide to take.`
    : "";
}

function UserRow({ user, self }: { user: ListedUser; self: boolean }) {
  const mutation = useUserMutation(user.username);
  const [password, setPassword] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = (body: Record<string, unknown> | "delete", done: string) =>
    mutation.mutate(body, {
      onSuccess: (out) => {
        // The server says how many it released (the count on the page may be out of date).
        const released = (out as { releasedTasks?: number } | undefined)?.releasedTasks ?? 0;
        setNotice(released ? `${done}; ${tasks(released)} released` : done);
      },
    });
  return (
    <tr className="align-top" data-testid="user-row" data-username={user.username}>
      <td className="py-2 pr-3">
        <span className="font-medium">{user.username}</span>
        {user.disabled ? <span className="ml-2 text-xs text-amber-700">disabled</span> : null}
        {self ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
        {user.heldTasks ? (
          <span className="ml-2 text-xs text-slate-600 dark:text-slate-400" data-testid="user-held">
            holds {tasks(user.heldTasks)}
          </span>
        ) : null}
      </td>
      <td className="py-2 pr-3">
        <Select
          aria-label={`Role of ${user.username}`}
          className={formInputClass}
          value={user.role}
          disabled={mutation.isPending}
          onChange={(e) =>
            act({ role: e.target.value as Role }, `Role changed to ${e.target.value}`)
          }
          data-testid="user-role"
          options={ROLES}
        />
      </td>
      <td className="py-2 pr-3">{user.source === "oidc" ? "OpenID Connect" : "password"}</td>
      <td className="py-2 pr-3 text-xs">
        {user.lastLoginAt ? <Time value={user.lastLoginAt} /> : "never"}
      </td>
      <td className="py-2 pr-3">
        <div className="flex flex-wrap gap-2">
          {user.source === "local" ? (
            <Button
              className="px-2 py-0.5 text-xs"
              onClick={() => setPassword(password === null ? "" : null)}
            >
              Reset password
            </Button>
          ) : null}
          <Button
            className="px-2 py-0.5 text-xs"
            disabled={mutation.isPending}
            onClick={() => {
              if (user.disabled) return act({ disabled: false }, "Enabled");
              // Disabling a holder frees their tasks: asked first, with how many.
              if (
                !user.heldTasks ||
                window.confirm(`Disable user ${user.username}?${releaseWarning(user)}`)
              )
                act({ disabled: true }, "Disabled and signed out");
            }}
            data-testid="user-disable"
          >
            {user.disabled ? "Enable" : "Disable"}
          </Button>
          <Button
            className="px-2 py-0.5 text-xs"
            disabled={mutation.isPending}
            onClick={() => act({ revokeSessions: true }, "Signed out everywhere")}
          >
            Sign out everywhere
          </Button>
          <Button
            variant="danger"
            className="px-2 py-0.5 text-xs"
            disabled={mutation.isPending || self}
            title={self ? "You cannot delete yourself" : undefined}
            data-testid="user-delete"
            onClick={() => {
              if (window.confirm(`Delete user ${user.username}?${releaseWarning(user)}`))
                act("delete", "Deleted");
            }}
          >
            Delete
          </Button>
        </div>
        {password !== null ? (
          <form
            className="mt-2 flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              act({ password }, "Password changed; the user's sessions ended");
              setPassword(null);
            }}
          >
            <input
              type="password"
              aria-label={`New password for ${user.username}`}
              autoComplete="new-password"
              className={formInputClass}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              minLength={8}
            />
            <Button type="submit" variant="primary">
              Set
            </Button>
          </form>
        ) : null}
        {mutation.error ? (
          <FaultAlert error={mutation.error} />
        ) : notice ? (
          <p className="mt-1 text-xs text-emerald-700">{notice}</p>
        ) : null}
      </td>
    </tr>
  );
}

function CreateUserForm() {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [fault, setFault] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameProblem =
    username && !/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/.test(username)
      ? "Letters, digits and . _ @ + - (up to 64)"
      : undefined;
  const passwordProblem = password && password.length < 8 ? "At least 8 characters" : undefined;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username || !password || usernameProblem || passwordProblem) return;
    setBusy(true);
    setFault(null);
    try {
      await consoleFetch("/api/users", { body: { username, password, role } });
      setDone(`Created ${username} (${role}).`);
      setUsername("");
      setPassword("");
      void queryClient.invalidateQueries({ queryKey: keys.users() });
    } catch (err) {
      setFault(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="grid gap-3" onSubmit={submit} noValidate data-testid="create-user-form">
      <Field label="User name" error={usernameProblem}>
        {(props) => (
          <input
            {...props}
            className={formInputClass}
            value={username}
            autoComplete="off"
            onChange={(e) => setUsername(e.target.value)}
            data-testid="new-username"
          />
        )}
      </Field>
      <Field label="Password" error={passwordProblem}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            className={formInputClass}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="new-password"
          />
        )}
      </Field>
      <Field label="Role">
        {(props) => (
          <Select
            {...props}
            className={formInputClass}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            data-testid="new-role"
            options={ROLES}
          />
        )}
      </Field>
      <FaultAlert error={fault} />
      {done ? <Success>{done}</Success> : null}
      <div>
        <Button
          type="submit"
          variant="primary"
          disabled={busy || !username || !password}
          data-testid="create-user"
        >
          Add user
        </Button>
      </div>
    </form>
  );
}
