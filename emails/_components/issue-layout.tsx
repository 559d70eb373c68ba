import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "react-email";
import type { ReactNode } from "react";
import { colors, fontStack } from "../../lib/email/styles.ts";
import { emailStylesFor } from "../../lib/email/theme.ts";
import { isHexColor, lightenForDark } from "../../lib/text/contrast-ratio.ts";
import { safeWebUrl } from "../../lib/blocks/web-kit.tsx";
import { formatIssueDate, type IssueView, type RecipientLinks } from "../../lib/issues/issue-view.ts";
import { EmailLogo } from "./email-logo.tsx";

/**
 * The frame every issue email shares: preheader, header with "View in browser",
 * the body, and a footer that says why the reader gets this, the postal
 * address, and the per-recipient unsubscribe and preferences links.
 */
export function IssueLayout({ view, links, children }: { view: Omit<IssueView, "blocks">; links: RecipientLinks; children: ReactNode }) {
  const { publication, issue } = view;
  // Settings are validated where they are saved; the layout stays safe on its own anyway.
  const siteUrl = safeWebUrl(publication.siteUrl);
  const webUrl = safeWebUrl(issue.webUrl);
  const logoUrl = safeWebUrl(publication.logoUrl);
  const emailStyles = emailStylesFor(publication.accentColor);
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{issue.title}</title>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{darkModeCss(publication.accentColor)}</style>
      </Head>
      {/* The document's one <title> is the issue's, above; by default Preview adds a second, with the preheader. */}
      {issue.preheader ? <Preview useTitleTag={false}>{issue.preheader}</Preview> : null}
      <Body className="frame" style={{ backgroundColor: colors.frame, margin: 0, padding: "24px 0", fontFamily: fontStack }}>
        <Container className="card" style={{ maxWidth: "600px", width: "100%", backgroundColor: colors.card, padding: "24px", borderRadius: "6px" }}>
          <Section>
            {logoUrl ? <EmailLogo src={logoUrl} name={publication.name} href={siteUrl ?? logoUrl} /> : null}
            <Text style={{ ...emailStyles.muted, margin: 0, fontSize: "13px" }}>
              <strong style={{ color: colors.text }}>{publication.name}</strong> · Issue #{issue.number} ·{" "}
              {formatIssueDate(issue.date, publication.timezone)}
              {webUrl ? (
                <>
                  {" · "}
                  <Link href={webUrl} style={emailStyles.link}>
                    View in browser
                  </Link>
                </>
              ) : null}
            </Text>
            <Text style={{ fontSize: "28px", lineHeight: "34px", fontWeight: 800, color: colors.text, margin: "16px 0 24px" }}>{issue.title}</Text>
          </Section>
          {children}
          <Hr style={emailStyles.rule} />
          <Section>
            <Text style={{ ...emailStyles.muted, fontSize: "13px", lineHeight: "20px" }}>
              You are receiving this email because you subscribed to {publication.name}
              {siteUrl ? (
                <>
                  {" at "}
                  <Link href={siteUrl} style={emailStyles.link}>
                    {siteUrl.replace(/^https?:\/\//, "")}
                  </Link>
                </>
              ) : null}
              .
            </Text>
            {publication.postalAddress ? (
              <Text style={{ ...emailStyles.muted, fontSize: "13px", lineHeight: "20px", whiteSpace: "pre-line" }}>{publication.postalAddress}</Text>
            ) : null}
            <Text style={{ ...emailStyles.muted, fontSize: "13px", lineHeight: "20px" }}>
              <Link href={links.unsubscribeUrl} style={emailStyles.link}>
                Unsubscribe
              </Link>
              {" · "}
              <Link href={links.preferencesUrl} style={emailStyles.link}>
                Manage preferences
              </Link>
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

// Clients that honour prefers-color-scheme (Apple Mail, iOS Mail, Outlook.com)
// get a deliberate dark palette; the rest apply their own inversion to the
// mid-contrast light palette in styles.ts.
const DARK_CARD = "#161b22";

/** The dark palette; links in the publication's accent colour lightened to read on the dark card, or the built-in light blue. */
function darkModeCss(accent: string | undefined): string {
  const link = isHexColor(accent) ? lightenForDark(accent, DARK_CARD) : "#79b8ff";
  return `
@media (prefers-color-scheme: dark) {
  .frame { background-color: #0d1117 !important; }
  .card { background-color: ${DARK_CARD} !important; }
  .card p, .card li, .card h1, .card h2, .card h3, .card strong { color: #e6edf3 !important; }
  .card a { color: ${link} !important; }
}
`;
}
