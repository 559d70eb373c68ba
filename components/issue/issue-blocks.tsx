import { getBlockDefinition, type Block } from "@/lib/blocks/registry";

/** An issue's blocks on the web archive. Story anchors (#story-id) come from each block's data and never change. */
export function IssueBlocks({ blocks }: { blocks: Block[] }) {
  return (
    <div className="issue-body">
      {blocks.map((block, index) => {
        const { Web } = getBlockDefinition(block.type);
        return <Web key={block.id ?? index} data={block.data} />;
      })}
    </div>
  );
}
