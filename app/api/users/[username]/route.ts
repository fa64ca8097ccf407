import { z } from "zod";
import { decodeParam } from "@/lib/console/http";
import { ROLES } from "@/lib/console/roles";
import { route } from "@/lib/console/route";
import { changeUser, deleteUser } from "@/lib/console/users";

export const dynamic = "force-dynamic";

const Patch = z.strictObject({
  role: z.enum(ROLES).optional(),
  password: z.string().max(1024).optional(),
  disabled: z.boolean().optional(),
  /** Ends every session of the user. */
  revokeSessions: z.literal(true).optional(),
});

const params = ({ username }: Record<string, string>) => ({ username: decodeParam(username) });
const target = ({ params }: { params: { username: string } }) => ({
  target: `user ${params.username}`,
});

/** Changes a user's role, password or enabled state; can sign them out everywhere (admin). */
export const PATCH = route({
  role: "admin",
  action: "User.Update",
  what: "Changing users",
  params,
  body: Patch,
  bodyLimit: 10_000,
  audit: {
    target,
    result: (output) => {
      const { revokedSessions, releasedTasks } = output as {
        revokedSessions: number;
        releasedTasks: number;
      };
      return { revokedSessions, releasedTasks };
    },
  },
  handle: ({ db, user, params, body }) => changeUser(db, params.username, body, user),
});

export const DELETE = route({
  role: "admin",
  action: "User.Delete",
  what: "Deleting users",
  params,
  audit: {
    target,
    parameters: () => undefined,
    result: (output) => ({ releasedTasks: (output as { releasedTasks: number }).releasedTasks }),
  },
  /** 200 `{ok, releasedTasks}`: how many inbox tasks the user held (now free). */
  handle: async ({ db, user, params }) => ({
    ok: true,
    ...(await deleteUser(db, params.username, user)),
  }),
});
