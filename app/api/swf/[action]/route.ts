import { NextResponse } from "next/server";
import { ACTIONS, isAction } from "@/lib/swf/actions";
import { swfClient } from "@/lib/swf/client";
import { toSwfError } from "@/lib/swf/errors";

export const dynamic = "force-dynamic";

/** The browser's only door to SWF: allow-listed action → validated input → SDK → JSON. */
export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  const { action } = await params;
  if (!isAction(action)) {
    return NextResponse.json({ fault: "UnknownAction", message: `Action ${action} is not available` }, { status: 404 });
  }
  const spec = ACTIONS[action];
  const body = await request.json().catch(() => undefined);
  const parsed = spec.input.safeParse(body ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return NextResponse.json({ fault: "ValidationError", message }, { status: 400 });
  }
  try {
    const { $metadata: _, ...output } = await swfClient().send(new spec.command(parsed.data));
    return NextResponse.json(output);
  } catch (error) {
    const { status, body: fault } = toSwfError(error);
    return NextResponse.json(fault, { status });
  }
}
