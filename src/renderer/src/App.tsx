// The investigator's shell (UX.md §1): toolbar, query row, histogram strip, facets | table | drawer, status bar.
// Starts the route sync and the job feeds (main.tsx has started the first query already); the root carries
// data-app-state (`loading` until the first page of rows, or the empty state, is on screen) for tests and tools
// that wait for the app. What is not on screen at first — the drawer, the shortcut sheet, the Sources panel and
// its forms (with the schemas they check against), the Integrity and Findings panels, the Export dialog — is loaded
// on first use, or ahead of it (lib/on-demand.ts). The newest verification's and the latest detection run's marks go
// from their stores to the histogram and the table here, so neither of them knows those features (which use the
// query).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { LoadBoundary } from './components/LoadBoundary';
import { useSelection } from './features/events/selection.store';
import { ColumnChooser, DensityToggle } from './features/events/ColumnChooser';
import { EventsTable, GRID_ID, RESULTS_ID } from './features/events/EventsTable';
import {
  ExportDialogOnDemand as ExportDialog,
  VerifyPackageDialogOnDemand as VerifyPackageDialog,
} from './features/exports/export-dialog-on-demand';
import { followExportJobs, useExports } from './features/exports/exports.store';
import { useVerifyPackage } from './features/exports/verify-package.store';
import { FacetSidebar } from './features/facets/FacetSidebar';
import { EvidencePanelOnDemand as EvidencePanel } from './features/evidence/EvidenceButtons';
import { followTrail, useEvidence } from './features/evidence/evidence.store';
import { useEvidenceKeys } from './features/evidence/use-evidence-keys';
import { ActorLanesPanel } from './features/histogram/ActorLanes';
import { CoverageLanesPanel } from './features/histogram/CoverageLanes';
import { HistogramPanel } from './features/histogram/Histogram';
import { FindingsPanelOnDemand as FindingsPanel } from './features/detections/findings-panel-on-demand';
import { followDetectionJobs, useDetections } from './features/detections/detections.store';
import { IntegrityPanelOnDemand as IntegrityPanel } from './features/integrity/integrity-panel-on-demand';
import { followIntegrityJobs, useIntegrity } from './features/integrity/integrity.store';
import { QueryNav } from './features/investigation/QueryNav';
import { Toolbar } from './features/investigation/Toolbar';
import { startRouteSync } from './features/investigation/route-sync';
import { useShortcuts } from './features/investigation/use-shortcuts';
import { followJobs } from './features/jobs/jobs.store';
import { usePreferences } from './features/preferences/preferences.store';
import { ClauseChips } from './features/query/ClauseChips';
import { QUERY_INPUT_ID, QueryBar } from './features/query/QueryBar';
import { useQuery } from './features/query/query.store';
import { SavedQueries, type ColumnsPort } from './features/query/SavedQueries';
import { useView } from './features/events/view.store';
import { FileDrop } from './features/sources/FileDrop';
import { SourcesPanelOnDemand as SourcesPanel } from './features/sources/sources-panel-on-demand';
import { followSourceJobs, useSources } from './features/sources/sources.store';
import { StatusBar } from './features/status/StatusBar';
import { RangePicker } from './features/timerange/RangePicker';
import { onAppCommand } from './lib/bridge';
import { onDemand } from './lib/on-demand';

const DetailDrawer = onDemand(() => import('./features/detail/DetailDrawer').then((m) => m.DetailDrawer));
const ShortcutSheet = onDemand(() => import('./features/investigation/ShortcutSheet').then((m) => m.ShortcutSheet));
/** The table's columns as the saved queries' list reads and restores them (the query feature knows no table). */
const TABLE_COLUMNS: ColumnsPort = {
  get: () => useView.getState().columns,
  set: (columns) => useView.getState().showColumns(columns),
};
/** Small enough to load at the first idle moment after the first rows (the Sources panel loads on intent). */
const PRELOADED_AT_IDLE = [DetailDrawer, ShortcutSheet];

/**
 * True from the first render where `on` is, for good: a dialog loaded on first use then stays mounted, so closing
 * it is the dialog's own close (focus goes back to what opened it) rather than its removal.
 */
function useLatch(on: boolean): boolean {
  const [latched, setLatched] = useState(on);
  if (on && !latched) setLatched(true);
  return latched || on;
}

export function App() {
  const appState = useQuery((s) => s.appState);
  const theme = usePreferences((s) => s.theme);
  const drawerOpen = useSelection((s) => s.drawerOpen);
  const closeDrawer = useSelection((s) => s.closeDrawer);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  const helpMounted = useLatch(helpOpen);
  const sourcesMounted = useLatch(useSources((s) => s.view !== null));
  const integrityMounted = useLatch(useIntegrity((s) => s.open));
  const exportMounted = useLatch(useExports((s) => s.open));
  const verifyMounted = useLatch(useVerifyPackage((s) => s.open));
  const openExport = useCallback(() => useExports.getState().openDialog(), []);
  const integrityMarks = useIntegrity((s) => s.marks);
  const flagged = useIntegrity((s) => s.flagged);
  const findingsMounted = useLatch(useDetections((s) => s.open));
  const findingMarks = useDetections((s) => s.marks);
  const detected = useDetections((s) => s.detected);
  const evidenceMounted = useLatch(useEvidence((s) => s.view !== null));
  const annotated = useEvidence((s) => s.byUid);
  const marks = useMemo(() => [...integrityMarks, ...findingMarks], [integrityMarks, findingMarks]);

  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  useEffect(followSourceJobs, []);
  useEffect(followIntegrityJobs, []);
  useEffect(followDetectionJobs, []);
  useEffect(followExportJobs, []);
  // Each query that runs joins the case's investigation trail.
  useEffect(followTrail, []);
  // File › Export… (Ctrl/⌘+E) and File › Verify Package… in the desktop app's menu.
  useEffect(
    () =>
      onAppCommand((command) => {
        if (command === 'export') openExport();
        if (command === 'verify-package') useVerifyPackage.getState().openDialog();
      }),
    [openExport],
  );

  // Once the first rows are up, the drawer and the sheet are fetched while the user reads, so opening one does not
  // wait for its code.
  const firstRowsUp = appState !== 'loading';
  useEffect(() => {
    if (!firstRowsUp) return;
    const preload = () => {
      PRELOADED_AT_IDLE.forEach((part) => void part.preload().catch(() => undefined));
      // The newest verification, for its marks on the timeline and the rows (the panel says when it failed).
      void useIntegrity.getState().load();
      // The latest detection run, for its marks on the timeline and the rows.
      void useDetections.getState().load();
      // The evidence board, for the rows' ★ and the drawer.
      void useEvidence.getState().load();
    };
    const id = requestIdleCallback(preload, { timeout: 2_000 });
    return () => cancelIdleCallback(id);
  }, [firstRowsUp]);

  useEffect(() => {
    const stopRoute = startRouteSync();
    const stopJobs = followJobs();
    return () => {
      stopRoute();
      stopJobs();
    };
  }, []);

  useShortcuts({ queryInputId: QUERY_INPUT_ID, gridId: GRID_ID, onHelp: openHelp, onExport: openExport });
  useEvidenceKeys();

  const closeAndRefocus = () => {
    closeDrawer();
    document.getElementById(GRID_ID)?.focus();
  };

  return (
    <div className="app" data-app-state={appState}>
      {/* To the grid when there are rows; else to the results area (an empty state and its ways out). */}
      <a className="skip-link" href={`#${RESULTS_ID}`} onClick={skipToEvents}>
        Skip to the events
      </a>
      <Toolbar onHelp={openHelp} />
      <main className="app__main">
        <QueryBar>
          <RangePicker />
          <QueryNav />
          <SavedQueries view={TABLE_COLUMNS} />
        </QueryBar>
        <ClauseChips>
          <ColumnChooser />
          <DensityToggle />
        </ClauseChips>
        <div className="timeline">
          <HistogramPanel marks={marks} />
          <ActorLanesPanel />
          <CoverageLanesPanel />
        </div>
        <div className={`body${drawerOpen ? ' has-drawer' : ''}`}>
          <FacetSidebar />
          <EventsTable flagged={flagged} detected={detected} annotated={annotated} />
          {drawerOpen && (
            <LoadBoundary title="The event details could not be loaded:" className="drawer" loading={<DrawerLoading />}>
              <DetailDrawer onClose={closeAndRefocus} />
            </LoadBoundary>
          )}
        </div>
      </main>
      <StatusBar />
      {helpMounted && (
        <LoadBoundary title="The shortcut sheet could not be loaded:" className="load-failure" loading={null}>
          <ShortcutSheet open={helpOpen} onClose={() => setHelpOpen(false)} />
        </LoadBoundary>
      )}
      {sourcesMounted && (
        <LoadBoundary title="The Sources panel could not be loaded:" className="load-failure" loading={null}>
          <SourcesPanel />
        </LoadBoundary>
      )}
      {integrityMounted && (
        <LoadBoundary title="The Integrity panel could not be loaded:" className="load-failure" loading={null}>
          <IntegrityPanel />
        </LoadBoundary>
      )}
      {findingsMounted && (
        <LoadBoundary title="The Findings panel could not be loaded:" className="load-failure" loading={null}>
          <FindingsPanel />
        </LoadBoundary>
      )}
      {evidenceMounted && (
        <LoadBoundary title="The evidence board could not be loaded:" className="load-failure" loading={null}>
          <EvidencePanel />
        </LoadBoundary>
      )}
      {exportMounted && (
        <LoadBoundary title="The Export dialog could not be loaded:" className="load-failure" loading={null}>
          <ExportDialog />
        </LoadBoundary>
      )}
      {verifyMounted && (
        <LoadBoundary title="The Verify Package dialog could not be loaded:" className="load-failure" loading={null}>
          <VerifyPackageDialog />
        </LoadBoundary>
      )}
      <FileDrop />
    </div>
  );
}

function skipToEvents(event: React.MouseEvent): void {
  const grid = document.getElementById(GRID_ID);
  if (!grid) return;
  event.preventDefault();
  grid.focus();
}

/** Where the drawer goes while its code loads (a moment, on first use only): the table makes room at once. */
function DrawerLoading() {
  return (
    <aside className="drawer" aria-busy="true">
      <p className="muted drawer__section">Loading the event…</p>
    </aside>
  );
}
