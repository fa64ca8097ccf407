import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/users-admin";
import { Forbidden } from "@/components/auth/forbidden";
import { requirePageUser } from "@/lib/console/page-auth";
import { roleAtLeast } from "@/lib/console/roles";

export const metadata: Metadata = { title: "Users · SWF Console" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const user = await requirePageUser("/users");
  return (
    <section>
      <h1 className="mb-4 text-lg font-semibold">Users</h1>
      {roleAtLeast(user.role, "admin") ? (
        <UsersAdmin />
      ) : (
        <Forbidden role="admin" current={user.role} what="Managing users" />
      )}
    </section>
  );
}
