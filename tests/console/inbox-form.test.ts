import { describe, expect, it } from "vitest";
import { APPROVAL_FORM } from "@/examples/order-fulfillment/constants";
import { checkValues, defaultValues, formOfInput } from "@/lib/console/inbox-form";

const input = (form: unknown) => JSON.stringify({ orderId: "o-1", form });

const FORM = {
  fields: [
    {
      name: "discount",
      label: "Discount",
      type: "number",
      min: 0,
      max: 30,
      default: 5,
      required: true,
    },
    {
      name: "warehouse",
      type: "select",
      required: true,
      options: ["berlin", { value: "lyon", label: "Lyon" }],
    },
    { name: "expedite", type: "boolean" },
    { name: "shipBy", type: "date", min: "2026-01-01" },
    { name: "note", type: "textarea" },
    { name: "ref" },
  ],
};

describe("typed answers (task forms)", () => {
  it("reads a form from the input; no form, not JSON or a malformed form is reported as such", () => {
    const parsed = formOfInput(input(FORM));
    expect(parsed.form?.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ["discount", "number", true],
      ["warehouse", "select", true],
      ["expedite", "boolean", false],
      ["shipBy", "date", false],
      ["note", "textarea", false],
      ["ref", "text", false],
    ]);
    expect(parsed.form?.fields[1].options).toEqual([
      { value: "berlin", label: "berlin" },
      { value: "lyon", label: "Lyon" },
    ]);
    expect(formOfInput(input(FORM.fields)).form?.fields).toHaveLength(6);
    expect(formOfInput('{"orderId":"o-1"}')).toEqual({ form: null });
    expect(formOfInput("not json")).toEqual({ form: null });
    expect(formOfInput(null)).toEqual({ form: null });
    expect(formOfInput(input({ fields: [{ name: "x", type: "color" }] }))).toMatchObject({
      form: null,
      problem: expect.stringContaining("form.fields.0.type"),
    });
    expect(formOfInput(input({ fields: [{ name: "w", type: "select" }] }))).toMatchObject({
      problem: expect.stringContaining("a select field needs options"),
    });
    expect(formOfInput(input([{ name: "a" }, { name: "a" }]))).toMatchObject({
      problem: "form: field a appears twice",
    });
  });

  it("checks values: types, bounds, options, required fields, unknown members", () => {
    const form = formOfInput(input(FORM)).form!;
    expect(defaultValues(form)).toEqual({
      discount: 5,
      warehouse: "",
      expedite: false,
      shipBy: "",
      note: "",
      ref: "",
    });
    expect(
      checkValues(form, {
        discount: 12.5,
        warehouse: "lyon",
        expedite: true,
        shipBy: "2026-02-01",
      }),
    ).toEqual({
      ok: true,
      values: {
        discount: 12.5,
        warehouse: "lyon",
        expedite: true,
        shipBy: "2026-02-01",
        note: null,
        ref: null,
      },
    });
    const bad = checkValues(form, {
      discount: 31,
      warehouse: "paris",
      shipBy: "2025-12-31",
      extra: 1,
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/discount: at most 30/);
    expect(!bad.ok && bad.message).toMatch(/warehouse: choose one of the options/);
    expect(!bad.ok && bad.message).toMatch(/shipBy: on or after 2026-01-01/);
    expect(!bad.ok && bad.message).toMatch(/extra/);
    expect(checkValues(form, { warehouse: "berlin" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("discount"),
    });
    expect(checkValues(form, { discount: "7", warehouse: "berlin" }).ok).toBe(false);
  });

  it("the demo's order approval form is a valid form whose defaults pass", () => {
    const form = formOfInput(JSON.stringify({ orderId: "o-1", form: APPROVAL_FORM })).form!;
    expect(form.fields.map((f) => f.name)).toEqual(["discount", "warehouse"]);
    expect(checkValues(form, defaultValues(form))).toEqual({
      ok: true,
      values: { discount: 0, warehouse: "berlin" },
    });
  });
});
