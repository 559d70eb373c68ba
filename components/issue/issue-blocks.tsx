import { getBlockDefinition, type Block } from "@/lib/blocks/registry";
import type { WebRenderOptions } from "@/lib/blocks/types";

/**
 * An issue's blocks on the web archive. Story anchors (#story-id) come from each block's data and never change.
 * `permalinks={false}` leaves out the headings' "#" links, for a copy read away from the page (a feed).
 */
export function IssueBlocks({ blocks, permalinks }: { blocks: Block[] } & WebRenderOptions) {
  return (
    <div className="issue-body">
      {blocks.map((block, index) => {
        const { Web } = getBlockDefinition(block.type);
        return <Web key={block.id ?? index} data={block.data} permalinks={permalinks} />;
      })}
    </div>
  );
}
