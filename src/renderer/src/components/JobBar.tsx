// A job's progress bar (import, sync, verification): filled to `percent`, or moving while the total is unknown.
export function JobBar({ percent, label }: { percent: number | null; label: string }) {
  return (
    <div
      className={`source-progress${percent === null ? ' source-progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? 'in progress, total not known yet' : `${percent}%`}
    >
      <div className="source-progress__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
