// A thin indeterminate bar over a panel whose content is being replaced (the old content stays, dimmed).
export function ProgressBar({ active, label }: { active: boolean; label: string }) {
  return active ? <div className="progress-bar" role="progressbar" aria-label={label} /> : null;
}
