import { Img, Link } from "react-email";
import { logoSize } from "../../lib/email/image-width.ts";

/** The publication's logo at the top of an email, linking to the site when given it; its alt text is the publication's name, for mail shown without images. */
export function EmailLogo({ src, name, href }: { src: string; name: string; href?: string }) {
  const { width, height } = logoSize(src);
  const image = <Img src={src} alt={name} height={height} {...(width ? { width } : {})} style={{ display: "block", border: 0, height: `${height}px`, width: width ? `${width}px` : "auto", maxWidth: "100%", margin: href ? 0 : "0 0 12px" }} />;
  return href ? (
    <Link href={href} style={{ display: "inline-block", margin: "0 0 12px" }}>
      {image}
    </Link>
  ) : (
    image
  );
}
