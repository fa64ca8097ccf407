import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/users-admin";
import { AdminPage } from "@/components/auth/admin-page";

export const metadata: Metadata = { title: "Users · SWF Console" };
export const dynamic = "force-dynamic";

export default function UsersPage() {
  return (
    <AdminPage path="/users" title="Users" what="Managing users">
      <UsersAdmin />
    </AdminPage>
  );
}
