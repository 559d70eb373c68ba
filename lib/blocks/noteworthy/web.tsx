import { SectionTitleWeb } from "../section-title.tsx";
import { safeWebUrl } from "../web-kit.tsx";
import type { NoteworthyData } from "./schema.ts";

export function NoteworthyWeb({ data }: { data: NoteworthyData }) {
  return (
    <section className="block block-noteworthy">
      <SectionTitleWeb title={data.title} />
      <ul>
        {data.items.map((item, index) => {
          const url = safeWebUrl(item.url);
          const source = item.source || (url ? "link" : "");
          return (
            <li key={index}>
              {item.text}
              {source ? (
                <>
                  {" — "}
                  {url ? <a href={url} rel="noopener noreferrer">{source}</a> : <span className="source">{source}</span>}
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
