// WeCom's XML, read and written safely: no entity expansion (a DOCTYPE cannot smuggle entities),
// attributes ignored, every value kept as a string (ids like MsgId overflow a double), CDATA
// kept apart from plain text so only plain text gets the five predefined XML entities decoded.
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { z } from "zod";

const CDATA = "__cdata";

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: CDATA,
});

const builder = new XMLBuilder({ cdataPropName: CDATA, processEntities: true, suppressEmptyNode: false });

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodePredefined(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (whole: string, name: string) => PREDEFINED[name] ?? whole);
}

const cdataNode = z.object({ [CDATA]: z.string(), "#text": z.string().regex(/^\s*$/).optional() }).strict();

/** A leaf element's text, or undefined for nested, repeated or mixed elements. */
function leafText(value: unknown): string | undefined {
  if (typeof value === "string") return decodePredefined(value.trim());
  const cdata = cdataNode.safeParse(value);
  return cdata.success ? cdata.data[CDATA] : undefined;
}

const rootSchema = z.object({ xml: z.record(z.string(), z.unknown()) });

/**
 * The leaf fields of a `<xml>…</xml>` document as strings; nested elements (e.g. a vote card's
 * SelectedItems) are left out. Returns undefined when the text is not such a document.
 */
export function parseWecomXml(text: string): Record<string, string> | undefined {
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch {
    return undefined;
  }
  const root = rootSchema.safeParse(tree);
  if (!root.success) return undefined;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root.data.xml)) {
    if (name === "#text") continue;
    const leaf = leafText(value);
    if (leaf !== undefined) fields[name] = leaf;
  }
  return fields;
}

/** A value to write: `cdata` wraps it in CDATA (text WeCom may show), `plain` writes it escaped. */
export type XmlValue = { cdata: string } | { plain: string };

/** Builds `<xml>…</xml>` from ordered fields. CDATA values must not contain `]]>`. */
export function buildWecomXml(fields: Record<string, XmlValue>): string {
  const xml: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if ("cdata" in value) {
      if (value.cdata.includes("]]>")) throw new Error(`CDATA value of ${name} contains "]]>"`);
      xml[name] = { [CDATA]: value.cdata };
    } else {
      xml[name] = value.plain;
    }
  }
  const built: unknown = builder.build({ xml });
  if (typeof built !== "string") throw new Error("XMLBuilder returned a non-string");
  return built;
}
