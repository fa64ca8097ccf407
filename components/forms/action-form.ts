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
