import type { ReactNode } from "react";
import { requirePageUser } from "@/lib/console/page-auth";
import { roleAtLeast } from "@/lib/console/roles";
import { Forbidden } from "./forbidden";

/**
 * A page only admins may use: signs the visitor in (back to `path` afterwards), then shows the
 * page under its heading, or says what the visitor's role does not allow.
 */
export async function AdminPage({
  path,
  title,
  what,
  children,
}: {
  path: string;
  title: string;
  /** What the page does, for the refusal ("Changing settings requires the admin role"). */
  what: string;
  children: ReactNode;
}) {
  const user = await requirePageUser(path);
  return (
    <section>
      <h1 className="mb-4 text-lg font-semibold">{title}</h1>
      {roleAtLeast(user.role, "admin") ? (
        children
      ) : (
        <Forbidden role="admin" current={user.role} what={what} />
      )}
    </section>
  );
}
