// WeCom's callback XML as the platform writes it, from its published samples (protocol notes
// docs/platforms/wecom.md §2 and §5; the official WXBizMsgCrypt samples and the template_card_event sample of
// path/90240): `<xml>`, one element per field in the given order, then `</xml>`. Text values sit in
// CDATA (`<ToUserName><![CDATA[…]]></ToUserName>`), numbers are bare (`<CreateTime>1409659813</CreateTime>`,
// the event's `<AgentID>218</AgentID>`), no declaration, no escaping inside CDATA. The decrypted
// message puts a line feed after each element, the encrypted envelope none. Written for the fakes
// only, independently of the app's XML code, so a bug there is not mirrored here.

/** A field: a string goes into CDATA, a number (or bigint, for ids like MsgId past 2^53) is written bare. */
export type WecomXmlValue = string | number | bigint;

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function valueText(name: string, value: WecomXmlValue): string {
  if (typeof value === "string") {
    // A CDATA section ends at the first "]]>"; WeCom's own values never contain one.
    if (value.includes("]]>")) throw new Error(`the value of <${name}> contains "]]>"`);
    return `<![CDATA[${value}]]>`;
  }
  if (typeof value === "number" && !Number.isSafeInteger(value)) throw new Error(`the value of <${name}> is not an integer`);
  return String(value);
}

/**
 * `<xml>` with `fields` in order. `lineFeeds` puts "\n" after each element, as the decrypted message
 * of the official sample has it (`<xml><ToUserName>…</ToUserName>\n<FromUserName>…\n</xml>`).
 */
export function wecomXmlOf(fields: Record<string, WecomXmlValue>, options: { lineFeeds?: boolean } = {}): string {
  const after = options.lineFeeds ? "\n" : "";
  let xml = "<xml>";
  for (const [name, value] of Object.entries(fields)) {
    if (!NAME.test(name)) throw new Error(`"${name}" is not an element name`);
    xml += `<${name}>${valueText(name, value)}</${name}>${after}`;
  }
  return `${xml}</xml>`;
}
