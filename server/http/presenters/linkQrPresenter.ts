// A link a parent opens on their phone (the binding page, the leave link) as a QR image the mini-app
// shows, and staff print or save and send: a PNG data URL, so a long press saves it like any picture.
import { personalQrImage } from "./checkinPresenter";

export async function linkQrDataUrl(url: string): Promise<string> {
  const image = await personalQrImage(url, "png");
  return `data:${image.type};base64,${Buffer.from(image.body).toString("base64")}`;
}
