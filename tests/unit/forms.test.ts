import { describe, expect, it } from "vitest";
import { z } from "zod";
import { submitForm } from "../../app/utils/forms.server";
import { setUserDisabledInput } from "../../server/domain/people/setUserDisabled";

// The route helper owns HTML's quirks (checkbox "on", toggle buttons' "true"/"false", empty
// fields): the command's schema receives booleans and undefined, never form strings.
const schema = z.object({ checked: z.boolean(), confirm: z.boolean().default(false), note: z.string().optional() });

function form(entries: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.set(name, value);
  return data;
}

async function parsed(entries: Record<string, string>, parse: z.ZodTypeAny = schema) {
  const result = await submitForm(form(entries), parse, async (value) => value);
  return result.ok ? { ok: true as const, value: result.value } : { ok: false as const, status: result.response.status };
}

describe("submitForm", () => {
  it("turns a checkbox's 'on' and a toggle's 'true' / 'false' into booleans, and an absent box into its default", async () => {
    expect(await parsed({ checked: "on" })).toEqual({ ok: true, value: { checked: true, confirm: false } });
    expect(await parsed({ checked: "true", confirm: "on" })).toEqual({ ok: true, value: { checked: true, confirm: true } });
    expect(await parsed({ checked: "false", note: "" })).toEqual({ ok: true, value: { checked: false, confirm: false } });
  });

  it("refuses anything else as a 422 instead of guessing", async () => {
    expect(await parsed({ checked: "yes" })).toEqual({ ok: false, status: 422 });
    expect(await parsed({})).toEqual({ ok: false, status: 422 });
  });

  it("hands a command's own schema typed values", async () => {
    expect(await parsed({ userId: "u1", disabled: "true" }, setUserDisabledInput)).toEqual({
      ok: true,
      value: { userId: "u1", disabled: true },
    });
  });
});
