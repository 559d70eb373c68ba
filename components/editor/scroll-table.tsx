import type { ReactNode } from "react";

/**
 * An editor table that scrolls sideways in its own box on a narrow screen, so the page never does.
 * The box is a named, focusable region: a keyboard can scroll it too, even when the table holds no
 * link or button to move to (axe's scrollable-region-focusable).
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="issues-table">{children}</table>
    </div>
  );
}
