// An event's outcome as text with an icon, so it reads without colour (the table's Outcome column and the drawer).
const OUTCOME_ICON: Record<string, string> = { success: '✓', failure: '✖', unknown: '?' };

export function OutcomeText({ outcome }: { outcome: string }) {
  return (
    <span className={`outcome outcome--${outcome}`}>
      <span aria-hidden="true">{OUTCOME_ICON[outcome] ?? '•'}</span> {outcome}
    </span>
  );
}
