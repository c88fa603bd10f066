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
 * The one shape WeCom sends (and nearly all traffic is): `<xml>` directly followed by distinct leaf
 * elements, each holding one CDATA section or plain text without `<`, `>` or `&`, separated by
 * spaces, tabs or line feeds at most, then `</xml>`; no carriage return anywhere. A name starts with a letter; CDATA holds no `]]>`.
 */
const FLAT_OPEN = "<xml>";
const FLAT_CLOSE = "</xml>";
const FLAT_FIELD = /[ \t\n]*<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[([^\]]*(?:\](?!\]>)[^\]]*)*)\]\]>|([^<>&]*))<\/\1>/y;
const TRAILING_SPACE = /[ \t\n]*/y;

/**
 * The fields of a document of exactly that shape, read in one pass, or undefined for anything else
 * (which then goes to the full parser). On the documents it accepts it returns what the full parser
 * gives: CDATA verbatim, plain text trimmed (it has no entities to decode), no repeated names.
 */
function parseFlatXml(text: string): Record<string, string> | undefined {
  // A carriage return is normalised away by an XML parser (line-end handling): left to the full one.
  if (!text.startsWith(FLAT_OPEN) || !text.endsWith(FLAT_CLOSE) || text.includes("\r")) return undefined;
  const end = text.length - FLAT_CLOSE.length;
  const fields: Record<string, string> = {};
  let at = FLAT_OPEN.length;
  for (;;) {
    FLAT_FIELD.lastIndex = at;
    const field = FLAT_FIELD.exec(text);
    if (!field || FLAT_FIELD.lastIndex > end) break;
    const [, name = "", cdata, plain] = field;
    // The full parser renames or refuses names that are Object.prototype's (hasOwnProperty, constructor…).
    if (Object.hasOwn(fields, name) || name in Object.prototype || name === "prototype") return undefined;
    fields[name] = cdata ?? (plain ?? "").trim();
    at = FLAT_FIELD.lastIndex;
  }
  // An empty root (no element) is not a document of fields: the full parser says so.
  if (at === FLAT_OPEN.length) return undefined;
  TRAILING_SPACE.lastIndex = at;
  TRAILING_SPACE.exec(text);
  return TRAILING_SPACE.lastIndex === end ? fields : undefined;
}

/**
 * The leaf fields of a `<xml>…</xml>` document as strings; nested elements (e.g. a vote card's
 * SelectedItems) are left out. Returns undefined when the text is not such a document.
 */
export function parseWecomXml(text: string): Record<string, string> | undefined {
  const flat = parseFlatXml(text);
  if (flat) return flat;
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
