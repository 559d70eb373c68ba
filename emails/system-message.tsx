import { Body, Button, Container, Head, Html, Preview, Text } from "react-email";
import { colors, fontStack } from "../lib/email/styles.ts";
import { emailStylesFor } from "../lib/email/theme.ts";
import { RichTextEmail } from "../lib/rich-text/rich-text-email.tsx";
import { safeWebUrl } from "../lib/blocks/web-kit.tsx";
import { EmailLogo } from "./_components/email-logo.tsx";

export type SystemMessageProps = {
  publicationName: string;
  /** The publication's logo, shown above its name; empty or absent: the name alone. */
  publicationLogoUrl?: string;
  /** The publication's accent colour (Settings) for links and the button; empty or absent: the built-in ones. */
  accentColor?: string;
  heading: string;
  paragraphs: string[];
  /** Text an editor wrote (the welcome email), in the rich-text Markdown subset: rendered by its safe renderer, never as HTML. */
  markdown?: string;
  action?: { label: string; url: string };
  /** Small print under the button: why the reader got this. */
  footnote?: string;
};

/** Sign-in links, invitations: short mail that is not an issue. Every string is text, never HTML. */
export default function SystemMessage({ publicationName, publicationLogoUrl, accentColor, heading, paragraphs, markdown, action, footnote }: SystemMessageProps) {
  const emailStyles = emailStylesFor(accentColor);
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{heading}</title>
      </Head>
      {/* One <title>, the one above: by default Preview adds its own. */}
      <Preview useTitleTag={false}>{heading}</Preview>
      <Body style={{ backgroundColor: colors.frame, margin: 0, padding: "24px 0", fontFamily: fontStack }}>
        <Container style={{ maxWidth: "520px", width: "100%", backgroundColor: colors.card, padding: "24px", borderRadius: "6px" }}>
          {safeWebUrl(publicationLogoUrl) ? <EmailLogo src={publicationLogoUrl!} name={publicationName} /> : null}
          <Text style={{ ...emailStyles.muted, margin: 0, fontSize: "13px" }}>{publicationName}</Text>
          <Text style={{ fontSize: "22px", lineHeight: "28px", fontWeight: 700, color: colors.text, margin: "12px 0 16px" }}>{heading}</Text>
          {paragraphs.map((paragraph, index) => (
            <Text key={index} style={emailStyles.paragraph}>
              {paragraph}
            </Text>
          ))}
          {markdown ? <RichTextEmail source={markdown} accent={accentColor} /> : null}
          {action ? (
            <Button href={action.url} style={{ backgroundColor: emailStyles.button, color: colors.card, padding: "12px 20px", borderRadius: "4px", fontWeight: 600 }}>
              {action.label}
            </Button>
          ) : null}
          {footnote ? <Text style={{ ...emailStyles.muted, fontSize: "12px", marginTop: "24px" }}>{footnote}</Text> : null}
        </Container>
      </Body>
    </Html>
  );
}

SystemMessage.PreviewProps = {
  publicationName: "The Example Weekly",
  heading: "Sign in to The Example Weekly",
  paragraphs: ["Use the button below to sign in. The link works once, for 15 minutes."],
  action: { label: "Sign in", url: "https://news.example.com/api/auth/callback/email?token=example" },
  footnote: "If you did not ask to sign in, ignore this email.",
} satisfies SystemMessageProps;
