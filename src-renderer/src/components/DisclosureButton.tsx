// A button that shows and hides a region (WAI-ARIA's disclosure pattern).
// aria-controls names the region only while it is rendered: a reference to
// no element is invalid ARIA.
import type { ReactNode } from 'react';

export interface DisclosureButtonProps {
  open: boolean;
  /** The id of the region this button shows. */
  controls: string;
  onToggle: () => void;
  children: ReactNode;
  title?: string;
  disabled?: boolean;
  /** False while the region has nothing to render even though it is open. */
  regionShown?: boolean;
  'data-testid'?: string;
}

export function DisclosureButton({ open, controls, onToggle, children, regionShown = true, ...rest }: DisclosureButtonProps) {
  return (
    <button type="button" aria-expanded={open} aria-controls={open && regionShown ? controls : undefined} onClick={onToggle} {...rest}>
      {children}
    </button>
  );
}
