import { describe, expect, it } from "vitest";
import { APPROVAL_FORM } from "@/examples/order-fulfillment/constants";
import {
  checkValues,
  defaultAnswer,
  defaultValues,
  formOfInput,
  isFieldName,
  valuesSchema,
} from "@/lib/console/inbox-form";

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

  it("a field name is a plain identifier: dotted, leading-underscore and Object.prototype names make the form malformed", () => {
    const problem = (name: string) => {
      const out = formOfInput(input({ fields: [{ name: "ok" }, { name }] }));
      expect(out.form, name).toBeNull();
      return "problem" in out ? out.problem : undefined;
    };
    for (const name of [
      "__proto__",
      "constructor",
      "prototype",
      "toString",
      "hasOwnProperty",
      "valueOf",
      "isPrototypeOf",
      "__defineGetter__",
    ])
      expect(problem(name), name).toMatch(/form\.fields\.1\.name: /);
    expect(problem("constructor")).toContain("reserved");
    for (const name of ["a.b", "_f", "_private", "1st", "a[0]", "a b", "", "x".repeat(65)])
      expect(problem(name), name).toMatch(/form\.fields\.1\.name: .*a letter then/);
    for (const name of ["discount", "shipBy", "ship_by", "ship-by", "a1", "Constructor", "proto"])
      expect(isFieldName(name), name).toBe(true);
    for (const name of ["__proto__", "constructor", "a.b", "_x", "toLocaleString"])
      expect(isFieldName(name), name).toBe(false);
    // The case from the audit: `a` and `a.b` together no longer make a form at all.
    expect(formOfInput(input([{ name: "a" }, { name: "a.b" }])).form).toBeNull();
  });

  it("a form no answer could satisfy is malformed: crossed bounds, crossed lengths, a default the field refuses", () => {
    const problemOf = (field: object) => {
      const out = formOfInput(input([field]));
      expect(out.form, JSON.stringify(field)).toBeNull();
      return "problem" in out ? out.problem : "";
    };
    expect(problemOf({ name: "n", type: "number", required: true, min: 5, max: 3 })).toBe(
      "form.fields.0.max: max (3) is below min (5): no number fits",
    );
    expect(problemOf({ name: "n", type: "number", min: "0" })).toContain(
      "min of a number field must be a number",
    );
    expect(problemOf({ name: "d", type: "date", min: "2026-02-01", max: "2026-01-01" })).toContain(
      "max (2026-01-01) is before min (2026-02-01)",
    );
    expect(problemOf({ name: "d", type: "date", max: "tomorrow" })).toContain(
      "max of a date field must be a date",
    );
    expect(problemOf({ name: "t", minLength: 10, maxLength: 3 })).toContain(
      "maxLength (3) is below minLength (10)",
    );
    expect(problemOf({ name: "t", minLength: 2000 })).toContain("above the field's limit (1000)");
    expect(
      problemOf({ name: "w", type: "select", options: ["berlin", "lyon"], default: "paris" }),
    ).toBe(
      'form.fields.0.default: the default "paris" does not fit the field: choose one of the options',
    );
    expect(problemOf({ name: "n", type: "number", max: 30, default: 50 })).toContain(
      "the default 50 does not fit the field: at most 30",
    );
    expect(problemOf({ name: "n", type: "number", default: "5" })).toContain("enter a number");
    expect(problemOf({ name: "b", type: "boolean", default: "yes" })).toContain("true or false");
    expect(problemOf({ name: "d", type: "date", default: "01/02/2026" })).toContain("enter a date");
    expect(problemOf({ name: "t", maxLength: 3, default: "toolong" })).toContain(
      "at most 3 characters",
    );
    // Possible forms stay forms: equal bounds, a required field whose blank default means none.
    for (const field of [
      { name: "n", type: "number", required: true, min: 3, max: 3 },
      { name: "t", required: true, default: "" },
      { name: "w", type: "select", required: true, options: ["berlin"], default: "berlin" },
      { name: "t", minLength: 2, maxLength: 2 },
    ])
      expect(formOfInput(input([field])).form, JSON.stringify(field)).not.toBeNull();
  });

  it("text lengths: minLength and maxLength are checked; an optional field left empty has no value", () => {
    const form = formOfInput(input([{ name: "code", minLength: 3, maxLength: 5 }])).form!;
    expect(checkValues(form, { code: "ab" })).toMatchObject({
      ok: false,
      message: "code: at least 3 characters",
    });
    expect(checkValues(form, { code: "abcdef" })).toMatchObject({
      ok: false,
      message: "code: at most 5 characters",
    });
    expect(checkValues(form, { code: "abcd" })).toEqual({ ok: true, values: { code: "abcd" } });
    expect(checkValues(form, { code: "" })).toEqual({ ok: true, values: { code: "" } });
    expect(checkValues(form, {})).toEqual({ ok: true, values: { code: null } });
  });

  it("values can be kept under other keys than the names (the browser keys them by position)", () => {
    const form = formOfInput(input(FORM)).form!;
    const key = (_: unknown, i: number) => `_${i}`;
    expect(Object.keys(defaultValues(form, key))).toEqual(["_0", "_1", "_2", "_3", "_4", "_5"]);
    expect(
      valuesSchema(form, key).safeParse({ ...defaultValues(form, key), _1: "lyon" }).success,
    ).toBe(true);
    expect(valuesSchema(form, key).safeParse({ _1: "lyon" }).success).toBe(false);
  });

  it("a bulk answer is the form's defaults; a required field without one needs the task's own decision, said in plain words", () => {
    expect(defaultAnswer(formOfInput(input(FORM)).form!)).toEqual({
      ok: false,
      message: "needs its own decision: its form has no default for warehouse",
    });
    const order = formOfInput(
      input([
        { name: "discount", label: "Discount (%)", type: "number", default: 0, required: true },
        { name: "warehouse", label: "Ship from", type: "select", required: true, options: ["a"] },
        { name: "owner", label: "Owner", required: true },
        { name: "note", type: "textarea" },
      ]),
    ).form!;
    expect(defaultAnswer(order)).toEqual({
      ok: false,
      message: "needs its own decision: its form has no default for Ship from and Owner",
    });
    const defaulted = formOfInput(
      input([
        { name: "discount", type: "number", default: 0, required: true },
        { name: "warehouse", type: "select", required: true, options: ["a", "b"], default: "b" },
        { name: "expedite", type: "boolean" },
        { name: "shipBy", type: "date" },
        { name: "note", type: "textarea" },
      ]),
    ).form!;
    expect(defaultAnswer(defaulted)).toEqual({
      ok: true,
      values: { discount: 0, warehouse: "b", expedite: false, shipBy: null, note: "" },
    });
  });
});
