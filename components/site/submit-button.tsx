"use client";
import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/**
 * A form's submit button that stays pressed while its request is on its way: a second press (a
 * double click) would send the form again, and the answer to the second ("nothing has changed")
 * is the one the reader would see.
 */
export function SubmitButton({ children, className }: { children: ReactNode; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {children}
    </button>
  );
}
