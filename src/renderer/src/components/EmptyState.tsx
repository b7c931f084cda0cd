// A panel with nothing to show, which says why and what to do next (UX.md §7).
import type { ReactNode } from 'react';

interface Props {
  title: ReactNode;
  children?: ReactNode;
}

export function EmptyState({ title, children }: Props) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children}
    </div>
  );
}
