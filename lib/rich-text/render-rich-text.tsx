import { Fragment, type ReactNode } from "react";
import { parseRichText, type RichBlock, type RichInline } from "./parse-rich-text.ts";

/** How one output draws the safe subset; text always goes through React, so it is escaped. */
export type RichTextElements = {
  paragraph(children: ReactNode, key: number): ReactNode;
  list(ordered: boolean, start: number, items: ReactNode[], key: number): ReactNode;
  listItem(children: ReactNode, key: number): ReactNode;
  link(url: string, children: ReactNode, key: number): ReactNode;
};

/**
 * `lead` (a story part's "What's new:" label) opens the first paragraph, as
 * in print; when the text starts with a list, it gets a paragraph of its own.
 */
export function renderRichText(source: string, elements: RichTextElements, lead?: ReactNode): ReactNode {
  const blocks = parseRichText(source).children;
  if (lead === undefined) return renderBlocks(blocks, elements);
  const [first, ...rest] = blocks;
  if (first?.type === "paragraph") {
    const opening = [<Fragment key="lead">{lead} </Fragment>, ...renderInline(first.children, elements)];
    return [elements.paragraph(opening, 0), ...renderBlocks(rest, elements, 1)];
  }
  return [elements.paragraph(lead, 0), ...renderBlocks(blocks, elements, 1)];
}

function renderBlocks(blocks: RichBlock[], elements: RichTextElements, firstKey = 0): ReactNode[] {
  return blocks.map((block, index) => {
    const key = firstKey + index;
    return block.type === "paragraph"
      ? elements.paragraph(renderInline(block.children, elements), key)
      : elements.list(
          block.ordered,
          block.start,
          block.children.map((item, index) => elements.listItem(renderListItem(item.children, elements), index)),
          key,
        );
  });
}

/** A tight list item (one paragraph) renders without a <p>, as Markdown renderers do. */
function renderListItem(children: RichBlock[], elements: RichTextElements): ReactNode {
  const [only] = children;
  return children.length === 1 && only?.type === "paragraph" ? renderInline(only.children, elements) : renderBlocks(children, elements);
}

export function renderInline(nodes: RichInline[], elements: Pick<RichTextElements, "link">): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.type) {
      case "text":
        return node.value;
      case "break":
        return <br key={key} />;
      case "strong":
        return <strong key={key}>{renderInline(node.children, elements)}</strong>;
      case "emphasis":
        return <em key={key}>{renderInline(node.children, elements)}</em>;
      case "link":
        return elements.link(node.url, renderInline(node.children, elements), key);
    }
  });
}
