import { describe, expect, it } from "vitest";
import { readImage } from "@/lib/media/read-image";
import { JPEG_3X2, pngHeaderOnly } from "../helpers/images";

/** JPEG_3X2 with an EXIF segment saying how the camera was held (1 upright, 6 turned a quarter clockwise). */
function jpegWithOrientation(orientation: number): Uint8Array {
  const tiff = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  return Uint8Array.from(Buffer.concat([JPEG_3X2.subarray(0, 2), app1, JPEG_3X2.subarray(2)]));
}

describe("readImage", () => {
  it("gives the size a reader sees: a photo the camera turned a quarter is as tall as its pixels are wide", () => {
    expect(readImage(jpegWithOrientation(1))).toEqual({ ok: true, contentType: "image/jpeg", extension: "jpg", width: 3, height: 2 });
    expect(readImage(jpegWithOrientation(6))).toEqual({ ok: true, contentType: "image/jpeg", extension: "jpg", width: 2, height: 3 });
  });

  it("takes up to 10,000 pixels a side and 50 megapixels, read from the header", () => {
    expect(readImage(pngHeaderOnly(10_000, 5_000))).toMatchObject({ ok: true, width: 10_000, height: 5_000 });
    expect(readImage(pngHeaderOnly(10_001, 10))).toMatchObject({ ok: false, message: expect.stringContaining("10001 × 10 pixels") });
    expect(readImage(pngHeaderOnly(7_072, 7_072))).toMatchObject({ ok: false, message: expect.stringContaining("50 megapixels") });
  });

  it("names a kind of image it does not take", () => {
    const bmp = Buffer.alloc(54);
    bmp.write("BM", 0, "latin1");
    bmp.writeUInt32LE(54, 2);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(4, 18);
    bmp.writeInt32LE(4, 22);
    expect(readImage(Uint8Array.from(bmp))).toEqual({ ok: false, message: "This is a BMP file, which not every mail client shows. Upload a PNG, JPEG, GIF or WebP file." });
  });
});
