// An error shown where it happened, in words, with a way to try again: never a toast that disappears (UX.md §7).
import type { ReactNode } from 'react';

interface Props {
  title: string;
  message: string;
  onRetry?: () => void;
  children?: ReactNode;
}

export function ErrorNotice({ title, message, onRetry, children }: Props) {
  return (
    <div className="error-notice" role="alert">
      <strong className="error-notice__title">{title}</strong>
      <span className="error-notice__message">{message}</span>
      {children}
      {onRetry && (
        <button type="button" className="btn btn--small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
