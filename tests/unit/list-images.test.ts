import { describe, expect, it } from "vitest";
import { leadImage, listImages } from "@/lib/blocks/list-images";
import { blockDefinitions } from "@/lib/blocks/registry";

const example = (type: string) => ({ data: blockDefinitions.find((definition) => definition.type === type)!.example });

describe("the pictures of blocks", () => {
  it("finds images and video thumbnails in any block's data, in order, with their alt text", () => {
    const roundup = example("roundup");
    expect(listImages(roundup)).toEqual([{ src: "https://example.com/images/tidal-array.jpg", alt: expect.any(String) }]);
    expect(listImages(example("video"))).toEqual([{ src: "https://example.com/images/tidal-install-thumb.jpg", alt: (example("video").data as { title: string }).title }]);
    expect(listImages(example("intro"))).toEqual([]);
    // A draft's empty or unsafe address is no picture.
    expect(listImages({ data: { src: "", alt: "x" } })).toEqual([]);
    expect(listImages({ data: { src: "javascript:alert(1)", alt: "x" } })).toEqual([]);
  });

  it("takes an issue's first picture as its lead image, or none", () => {
    expect(leadImage([example("intro"), example("video"), example("roundup")])).toEqual(listImages(example("video"))[0]);
    expect(leadImage([example("intro"), example("noteworthy")])).toBeNull();
  });
});
