import { z } from "zod";
import { DOCUMENT_KINDS, LANGUAGES, STAGES } from "../../../common/vocabulary";
import { fields } from "../kernel/validation";

const languageCodes = LANGUAGES.map((language) => language.code) as [string, ...string[]];

export const documentFields = {
  kind: z.enum(DOCUMENT_KINDS, { message: "Choose a kind." }),
  title: fields.name,
  symbol: z
    .string()
    .trim()
    .min(1, "Required.")
    .max(60, "At most 60 characters.")
    .regex(/^[A-Za-z0-9./()\-_ ]+$/, "Use letters, digits and . / - ( ) only, e.g. BP/MC/2025/L.1."),
  language: z.enum(languageCodes, { message: "Choose a language." }),
  stage: z.enum(STAGES, { message: "Choose a stage." }),
};
