import { CliCommand } from "@/components/actions/cli-command-view";
import { FaultAlert } from "@/components/ui/alert";
import type { ActionName } from "@/lib/swf/actions";

// What the dialog around an action form (signal, terminate; one execution or many) tells it.
export interface ActionFormProps<Values> {
  onSubmit: (values: Values) => void;
  onCancel?: () => void;
  /** The request is running: the submit button says so and nothing can be changed. */
  busy?: boolean;
  /** SWF's refusal of the last request, shown above the buttons. */
  fault?: unknown;
  /** The request the values make, shown as an `aws swf` command. */
  commandFor?: (values: Values) => object;
  commandNote?: string;
}

/**
 * Below an action form's fields: the `aws swf` command its current values make (when the dialog
 * asks for it) and SWF's refusal of the last try.
 */
export function ActionPreview<Values>({
  action,
  form: { commandFor, commandNote, fault },
  values,
}: {
  action: ActionName;
  form: ActionFormProps<Values>;
  values: Values;
}) {
  return (
    <>
      {commandFor ? (
        <CliCommand action={action} input={commandFor(values)} note={commandNote} />
      ) : null}
      <FaultAlert error={fault} />
    </>
  );
}
