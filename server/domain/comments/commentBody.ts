import { z } from "zod";
import { TEXT_LIMITS } from "../../../common/limits";

export const MAX_COMMENT_LENGTH = TEXT_LIMITS.comment;

/** Comment bodies are plain text: kept as typed, always rendered as text, never as HTML. */
export const commentBody = z
  .string()
  .trim()
  .min(1, "Write a comment first.")
  .max(MAX_COMMENT_LENGTH, `Comments are limited to ${MAX_COMMENT_LENGTH.toLocaleString("en")} characters.`);
