/**
 * lib/media/prepare-image.ts. The photos are made with sharp; what comes out is read back with
 * image-size (lib/media/read-image.ts) and by looking for the camera's metadata in the bytes.
 */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MAX_STORED_WIDTH, prepareImage } from "@/lib/media/prepare-image";
import { readImage, type ReadImage } from "@/lib/media/read-image";
import { GIF_1X1, pngImage } from "../helpers/images";

/** A phone's photo: JPEG, turned by its EXIF orientation, with the camera's make and where it was taken. */
async function phonePhoto(width: number, height: number, orientation = 6): Promise<Uint8Array<ArrayBuffer>> {
  const photo = await sharp({ create: { width, height, channels: 3, background: { r: 120, g: 80, b: 40 } } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation })
    .withExif({ IFD0: { Make: "ExamplePhone", Model: "Pocket 9" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
    .toBuffer();
  return Uint8Array.from(photo);
}

function read(bytes: Uint8Array): ReadImage {
  const image = readImage(bytes);
  if (!image.ok) throw new Error(image.message);
  return image;
}

const holds = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, "latin1"));

describe("prepareImage", () => {
  it("turns a phone's photo upright, scales it to 1,200 pixels across, and drops its camera metadata", async () => {
    const photo = await phonePhoto(3_000, 2_000);
    expect(read(photo)).toMatchObject({ width: 2_000, height: 3_000 });
    expect(holds(photo, "ExamplePhone")).toBe(true);
    const prepared = await prepareImage(photo, read(photo));
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared).toMatchObject({ width: MAX_STORED_WIDTH, height: 1_800 });
    const stored = readImage(prepared.bytes);
    expect(stored).toEqual({ ok: true, contentType: "image/jpeg", extension: "jpg", width: 1_200, height: 1_800 });
    expect(holds(prepared.bytes, "Exif\0\0")).toBe(false);
    expect(holds(prepared.bytes, "ExamplePhone")).toBe(false);
    expect(prepared.bytes.byteLength).toBeLessThan(photo.byteLength);
  });

  it("drops the metadata of a photo that is small enough, keeping its size", async () => {
    const photo = await phonePhoto(800, 600, 1);
    const prepared = await prepareImage(photo, read(photo));
    expect(prepared).toMatchObject({ ok: true, width: 800, height: 600 });
    if (!prepared.ok) return;
    expect(holds(prepared.bytes, "ExamplePhone")).toBe(false);
    expect(holds(prepared.bytes, "Exif\0\0")).toBe(false);
  });

  it("scales down a wide PNG, as a PNG", async () => {
    const wide = pngImage(2_400, 100);
    const prepared = await prepareImage(wide, read(wide));
    if (!prepared.ok) throw new Error(prepared.message);
    expect(readImage(prepared.bytes)).toEqual({ ok: true, contentType: "image/png", extension: "png", width: 1_200, height: 50 });
  });

  it("keeps the bytes of an image that needs nothing, and of a GIF", async () => {
    const png = pngImage(640, 360);
    expect(await prepareImage(png, read(png))).toEqual({ ok: true, bytes: png, width: 640, height: 360 });
    const gif = Uint8Array.from(GIF_1X1);
    expect(await prepareImage(gif, read(gif))).toEqual({ ok: true, bytes: gif, width: 1, height: 1 });
  });

  it("refuses a photo cut short, whose header alone looks fine", async () => {
    const photo = await phonePhoto(800, 600, 1);
    const cut = photo.slice(0, Math.floor(photo.byteLength * 0.6));
    expect(read(cut)).toMatchObject({ width: 800, height: 600 });
    expect(await prepareImage(cut, read(cut))).toEqual({ ok: false, message: "The image could not be read; the file may be damaged or cut short. Save it again and upload it." });
  });
});
