import fs from "node:fs";
import path from "node:path";
import { validateXML } from "xmllint-wasm";
import { ROOT } from "./paths";

/** The OASIS schema sits beside the clone (shared/akn), never inside the project. */
export const AKN_SCHEMA_DIR = path.resolve(ROOT, "../shared/akn");

/** Validates an Akoma Ntoso document against akomantoso30.xsd with libxml2 (WebAssembly). */
export async function validateAkn(xml: string) {
  const schema = fs.readFileSync(path.join(AKN_SCHEMA_DIR, "akomantoso30.xsd"), "utf8");
  const xmlXsd = fs.readFileSync(path.join(AKN_SCHEMA_DIR, "xml.xsd"), "utf8");
  const result = await validateXML({
    xml: [{ fileName: "export.xml", contents: xml }],
    schema: [{ fileName: "akomantoso30.xsd", contents: schema }],
    preload: [{ fileName: "xml.xsd", contents: xmlXsd }],
  });
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) };
}
