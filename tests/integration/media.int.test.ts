/**
 * Image uploads (lib/media/): POST /editor/media as lib/media/receive-image-upload.ts handles it, and
 * GET /media/<name> through the real route handler, on a real database. The composer's upload, with a
 * real session and browser, is in tests/e2e/editor.e2e.test.ts.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/media/[file]/route";
import type { Actor } from "@/lib/auth/permissions";
import { listRecentImages } from "@/lib/media/list-recent-images";
import { MAX_IMAGE_BODY_BYTES, receiveImageUpload } from "@/lib/media/receive-image-upload";
import { MAX_IMAGE_BYTES } from "@/lib/media/read-image";
import { resetDatabase, testDb } from "../helpers/db";
import { createPublication, createUser } from "../helpers/factories";
import { GIF_1X1, JPEG_3X2, pngHeaderOnly, pngImage, WEBP_3X2 } from "../helpers/images";

const prisma = testDb();
beforeEach(resetDatabase);

const APP_URL = "https://editor.example.com";
const SITE_URL = "https://news.example.com";
const SAME_ORIGIN = { origin: APP_URL, host: "editor.example.com", "sec-fetch-site": "same-origin" };

async function members() {
  await createPublication(prisma, { siteUrl: SITE_URL });
  const make = async (role: Actor["role"]): Promise<Actor> => {
    const user = await createUser(prisma, { role, email: `${role}@example.com` });
    return { id: user.id, role, email: user.email, name: null };
  };
  return { owner: await make("owner"), editor: await make("editor"), author: await make("author"), viewer: await make("viewer") };
}

function upload(bytes: Uint8Array<ArrayBuffer> | null, { name = "chart.png", type = "image/png", headers = SAME_ORIGIN }: { name?: string; type?: string; headers?: Record<string, string> } = {}) {
  const form = new FormData();
  if (bytes) form.set("file", new Blob([bytes], { type }), name);
  return new Request(`${APP_URL}/editor/media`, { method: "POST", headers, body: form });
}

const serve = (name: string, headers: Record<string, string> = {}) => GET(new Request(`${SITE_URL}/media/${name}`, { headers }), { params: Promise.resolve({ file: name }) });
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("uploading an image", () => {
  it("stores a PNG, JPEG, GIF or WebP under the hash of its bytes and answers its URL on the publication's site, with its size", async () => {
    const { author } = await members();
    const png = pngImage(640, 360);
    const cases = [
      { bytes: png, name: "chart.png", url: `${SITE_URL}/media/${sha256(png)}-640x360.png`, width: 640, height: 360 },
      { bytes: Uint8Array.from(JPEG_3X2), name: "photo.jpeg", url: `${SITE_URL}/media/${sha256(JPEG_3X2)}-3x2.jpg`, width: 3, height: 2 },
      { bytes: Uint8Array.from(GIF_1X1), name: "dot.gif", url: `${SITE_URL}/media/${sha256(GIF_1X1)}-1x1.gif`, width: 1, height: 1 },
      { bytes: Uint8Array.from(WEBP_3X2), name: "photo.webp", url: `${SITE_URL}/media/${sha256(WEBP_3X2)}-3x2.webp`, width: 3, height: 2 },
    ];
    for (const { bytes, name, url, width, height } of cases) {
      expect(await receiveImageUpload(prisma, upload(bytes, { name }), { actor: author, appUrl: APP_URL }), name).toEqual({ status: 201, url, width, height });
    }
    const stored = await prisma.mediaFile.findUniqueOrThrow({ where: { id: sha256(png) } });
    expect(stored).toMatchObject({ fileName: "chart.png", contentType: "image/png", extension: "png", byteSize: png.byteLength, width: 640, height: 360, uploadedById: author.id });
    expect(Buffer.from(stored.data).equals(Buffer.from(png))).toBe(true);
    expect(await prisma.mediaFile.count()).toBe(4);
  });

  it("stores a phone's photo upright, 1,200 pixels across and without its camera metadata, and serves that", async () => {
    const { editor } = await members();
    const photo = await sharp({ create: { width: 4_032, height: 3_024, channels: 3, background: { r: 90, g: 120, b: 60 } } })
      .jpeg({ quality: 92 })
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Make: "ExamplePhone" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
      .toBuffer();
    const answer = await receiveImageUpload(prisma, upload(Uint8Array.from(photo), { name: "IMG_0001.jpeg", type: "image/jpeg" }), { actor: editor, appUrl: APP_URL });
    expect(answer).toMatchObject({ status: 201, url: expect.stringMatching(/\/media\/[0-9a-f]{64}-1200x1600\.jpg$/), width: 1_200, height: 1_600 });
    const served = Buffer.from(await (await serve((answer as { url: string }).url.split("/").pop()!)).arrayBuffer());
    expect(served.byteLength).toBeLessThan(photo.byteLength);
    expect(served.includes(Buffer.from("ExamplePhone"))).toBe(false);
    expect(await prisma.mediaFile.findFirstOrThrow({ select: { width: true, height: true, byteSize: true } })).toEqual({ width: 1_200, height: 1_600, byteSize: served.byteLength });
  });

  it("keeps one copy of the same image uploaded twice, by anyone, under any name", async () => {
    const { editor, author } = await members();
    const png = pngImage(10, 10);
    const first = await receiveImageUpload(prisma, upload(png, { name: "a.png" }), { actor: author, appUrl: APP_URL });
    const again = await receiveImageUpload(prisma, upload(png, { name: "b.png" }), { actor: editor, appUrl: APP_URL });
    expect(again).toEqual(first);
    expect(await prisma.mediaFile.findMany({ select: { fileName: true, uploadedById: true } })).toEqual([{ fileName: "a.png", uploadedById: author.id }]);
  });

  it("keeps a file's name whatever it holds: cut at 200 without halving an emoji, without a NUL or other control characters", async () => {
    const { editor } = await members();
    const cutInEmoji = `${"x".repeat(199)}📷 holiday.png`;
    const stored = async (name: string, width: number) => {
      const result = await receiveImageUpload(prisma, upload(pngImage(width, 10), { name }), { actor: editor, appUrl: APP_URL });
      expect(result, name).toMatchObject({ status: 201 });
      return (await prisma.mediaFile.findFirstOrThrow({ where: { width } })).fileName;
    };
    expect(await stored(cutInEmoji, 11)).toBe("x".repeat(199));
    expect(await stored("chart\u0000\u0007.png", 12)).toBe("chart.png");
  });

  it("reads what a file is from its bytes: text, HTML or an SVG named .png is refused, and so is an empty file", async () => {
    const { editor } = await members();
    const receive = (request: Request) => receiveImageUpload(prisma, request, { actor: editor, appUrl: APP_URL });
    const text = (body: string) => Uint8Array.from(Buffer.from(body));
    expect(await receive(upload(text("<html><script>alert(1)</script></html>"), { name: "cat.png" }))).toEqual({
      status: 400,
      message: "This is not an image this site can use. Upload a PNG, JPEG, GIF or WebP file.",
    });
    const svg = text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    expect(await receive(upload(svg, { name: "logo.png", type: "image/png" }))).toEqual({
      status: 400,
      message: "This is an SVG, which not every mail client shows. Upload a PNG, JPEG, GIF or WebP file.",
    });
    expect(await receive(upload(new Uint8Array(0)))).toEqual({ status: 400, message: "The file is empty. Choose an image to upload." });
    expect(await prisma.mediaFile.count()).toBe(0);
  });

  it("refuses a picture too large to show (over 10,000 pixels a side or 50 megapixels), and one whose pixels are missing", async () => {
    const { editor } = await members();
    const receive = (bytes: Uint8Array<ArrayBuffer>) => receiveImageUpload(prisma, upload(bytes), { actor: editor, appUrl: APP_URL });
    expect(await receive(pngHeaderOnly(20_000, 100))).toEqual({ status: 400, message: "The image is 20000 × 100 pixels; at most 10,000 on a side and 50 megapixels. Save it smaller." });
    expect(await receive(pngHeaderOnly(8_000, 8_000))).toMatchObject({ status: 400, message: expect.stringContaining("8000 × 8000 pixels") });
    // Within the limits, a header with no pixels behind it is a damaged file.
    expect(await receive(pngHeaderOnly(10_000, 5_000))).toEqual({ status: 400, message: "The image could not be read; the file may be damaged or cut short. Save it again and upload it." });
    expect(await prisma.mediaFile.count()).toBe(0);
  });

  it("refuses a file over 5 MB (413), and a body over the limit before reading it", async () => {
    const { editor } = await members();
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(pngImage(1, 1));
    expect(await receiveImageUpload(prisma, upload(big), { actor: editor, appUrl: APP_URL })).toEqual({ status: 413, message: "The image is 5.0 MB; the limit is 5 MB. Save it smaller." });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const declared = new Request(`${APP_URL}/editor/media`, {
      method: "POST",
      headers: { ...SAME_ORIGIN, "content-type": "multipart/form-data; boundary=x", "content-length": String(MAX_IMAGE_BODY_BYTES + 1) },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect(await receiveImageUpload(prisma, declared, { actor: editor, appUrl: APP_URL })).toEqual({ status: 413, message: "The image is larger than 5 MB, the limit. Save it smaller." });
    expect(pulled).toBeLessThanOrEqual(1);
    expect(await prisma.mediaFile.count()).toBe(0);
  });

  it("refuses another site's post, a caller who is not signed in, and a viewer, before storing anything", async () => {
    const { owner, viewer } = await members();
    const png = pngImage(4, 4);
    const crossSite = upload(png, { headers: { origin: "https://evil.example", host: "editor.example.com" } });
    expect(await receiveImageUpload(prisma, crossSite, { actor: owner, appUrl: APP_URL })).toEqual({ status: 403, message: "This upload did not come from the editor of this site." });
    expect(await receiveImageUpload(prisma, upload(png), { actor: null, appUrl: APP_URL })).toEqual({ status: 401, message: "Sign in first." });
    expect(await receiveImageUpload(prisma, upload(png), { actor: viewer, appUrl: APP_URL })).toEqual({ status: 403, message: "A viewer may not upload images." });
    expect(await receiveImageUpload(prisma, upload(null), { actor: owner, appUrl: APP_URL })).toEqual({ status: 400, message: "Choose an image to upload." });
    expect(await prisma.mediaFile.count()).toBe(0);
  });
});

describe("serving an image", () => {
  it("answers the stored bytes with their type, a year's cache and a policy that runs nothing", async () => {
    const { editor } = await members();
    const png = pngImage(8, 6);
    const answer = await receiveImageUpload(prisma, upload(png, { name: "Chart – ünïcode.png" }), { actor: editor, appUrl: APP_URL });
    const name = (answer as { url: string }).url.split("/").pop()!;
    const response = await serve(name);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/png",
      "content-length": String(png.byteLength),
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${sha256(png)}"`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "content-disposition": "inline; filename*=UTF-8''Chart%20%E2%80%93%20%C3%BCn%C3%AFcode.png",
    });
    const revalidated = await serve(name, { "if-none-match": `W/"other", "${sha256(png)}"` });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
  });

  it("is a 404 for an unknown hash, a name with the wrong size or extension, or a name no upload could have", async () => {
    const { editor } = await members();
    const png = pngImage(2, 2);
    await receiveImageUpload(prisma, upload(png), { actor: editor, appUrl: APP_URL });
    const known = `${sha256(png)}-2x2`;
    expect((await serve(`${known}.png`)).status).toBe(200);
    const others = [`${sha256(pngImage(3, 3))}-3x3.png`, `${known}.gif`, `${sha256(png)}-3x2.png`, `${sha256(png)}.png`, known, `${known.toUpperCase()}.png`, "../etc/passwd", `${known}.png.html`];
    for (const name of others) {
      const response = await serve(name);
      expect(response.status, name).toBe(404);
      expect(response.headers.get("cache-control"), name).toBe("no-store");
    }
  });
});

describe("the latest uploads", () => {
  it("lists them newest first, with their URLs and sizes and never their bytes, for the roles that may upload", async () => {
    const { author, viewer } = await members();
    for (const [name, width] of [["first.png", 30], ["second.png", 40]] as const) {
      await receiveImageUpload(prisma, upload(pngImage(width, 10), { name }), { actor: author, appUrl: APP_URL });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const images = await listRecentImages(prisma, author);
    expect(images).toEqual([
      { url: `${SITE_URL}/media/${sha256(pngImage(40, 10))}-40x10.png`, fileName: "second.png", width: 40, height: 10, createdAt: expect.any(Date) },
      { url: `${SITE_URL}/media/${sha256(pngImage(30, 10))}-30x10.png`, fileName: "first.png", width: 30, height: 10, createdAt: expect.any(Date) },
    ]);
    await expect(listRecentImages(prisma, viewer)).rejects.toThrow("A viewer may not do this (media.upload).");
  });
});

