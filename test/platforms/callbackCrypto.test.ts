// openCiphertext decrypts what `@wecom/crypto` decrypts, to the same plaintext, however many messages
// share one key (the block decryption of a key is made once and reused), and refuses what it would
// return as garbage.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { decrypt, encrypt } from "@wecom/crypto";
import { CallbackRefused, openCiphertext } from "../../server/platforms/callbackCrypto";

const aesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
const otherKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const receiveId = "wx5823bf96d3bd56c7";

describe("openCiphertext and @wecom/crypto", () => {
  it("give the same plaintext for every message length around the block sizes, keys interleaved", () => {
    for (let length = 0; length <= 80; length++) {
      for (const key of [aesKey, otherKey]) {
        const message = `<xml>${"学".repeat(length % 7)}${randomBytes(length).toString("hex").slice(0, length)}</xml>`;
        const ciphertext = encrypt(key, message, receiveId);
        assert.equal(openCiphertext(key, ciphertext, receiveId), message);
        assert.equal(decrypt(key, ciphertext).message, message);
      }
    }
  });

  it("a garbled block in one message does not disturb the next", () => {
    const first = encrypt(aesKey, "<xml>first</xml>", receiveId);
    const bytes = Buffer.from(first, "base64");
    bytes.fill(0x41, 16, 32);
    assert.throws(() => openCiphertext(aesKey, bytes.toString("base64"), receiveId), CallbackRefused);
    assert.equal(openCiphertext(aesKey, encrypt(aesKey, "<xml>second</xml>", receiveId), receiveId), "<xml>second</xml>");
  });

  it("anything but strict Base64 is refused as bad_ciphertext, even what Node's decoder would read", () => {
    const good = encrypt(aesKey, "<xml>ok</xml>", receiveId);
    // The last character before the padding carries unused low bits (2 or 4): flipping its lowest
    // one changes no byte, only the text.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const padding = good.endsWith("==") ? "==" : "=";
    const last = good.length - padding.length - 1;
    const nonCanonical = `${good.slice(0, last)}${alphabet[alphabet.indexOf(good[last] ?? "") ^ 1]}${padding}`;
    assert.deepEqual(Buffer.from(nonCanonical, "base64"), Buffer.from(good, "base64"));
    const variants = {
      "URL-safe alphabet": good.replaceAll("+", "-").replaceAll("/", "_"),
      "no padding": good.slice(0, -1),
      "a line break": `${good.slice(0, 8)}\n${good.slice(8)}`,
      "a space": `${good.slice(0, 8)} ${good.slice(8)}`,
      "'=' inside": `${good.slice(0, 8)}=${good.slice(9)}`,
      "unused bits set": nonCanonical,
    };
    for (const [what, text] of Object.entries(variants)) {
      if (text === good) continue;
      assert.throws(
        () => openCiphertext(aesKey, text, receiveId),
        (err: unknown) => err instanceof CallbackRefused && err.reason === "bad_ciphertext",
        what,
      );
    }
    assert.equal(openCiphertext(aesKey, good, receiveId), "<xml>ok</xml>");
  });

  it("a message sealed with another key is refused, not returned", () => {
    assert.throws(() => openCiphertext(aesKey, encrypt(otherKey, "<xml>x</xml>", receiveId), receiveId), CallbackRefused);
  });
});
