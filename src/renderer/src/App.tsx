// The investigator's shell (UX.md §1): toolbar, query row, histogram strip, facets | table | drawer, status bar.
// Starts the first query and the job feed; the root carries data-app-state (`loading` until the first page of
// rows, or the empty state, is on screen) for tests and tools that wait for the app.
import { useCallback, useEffect, useState } from 'react';
import { useCase } from './features/case/case.store';
import { Toolbar } from './features/case/Toolbar';
import { DetailDrawer } from './features/detail/DetailDrawer';
import { EventsTable, GRID_ID } from './features/events/EventsTable';
import { FacetSidebar } from './features/facets/FacetSidebar';
import { ActorLanesPanel } from './features/histogram/ActorLanes';
import { HistogramPanel } from './features/histogram/Histogram';
import { useInvestigation } from './features/investigation/investigation.store';
import { ShortcutSheet } from './features/investigation/ShortcutSheet';
import { startRouteSync } from './features/investigation/route-sync';
import { useShortcuts } from './features/investigation/use-shortcuts';
import { ClauseChips } from './features/query/ClauseChips';
import { followJobs } from './features/jobs/jobs.store';
import { QUERY_INPUT_ID, QueryBar } from './features/query/QueryBar';
import { FileDrop } from './features/sources/FileDrop';
import { SourcesPanel } from './features/sources/SourcesPanel';
import { followSourceJobs } from './features/sources/sources.store';
import { StatusBar } from './features/status/StatusBar';

export function App() {
  const appState = useInvestigation((s) => s.appState);
  const theme = useInvestigation((s) => s.theme);
  const drawerOpen = useInvestigation((s) => s.drawerOpen);
  const closeDrawer = useInvestigation((s) => s.closeDrawer);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);

  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);

  useEffect(followSourceJobs, []);

  useEffect(() => {
    void useCase.getState().load();
    void useInvestigation.getState().run();
    const stopRoute = startRouteSync();
    const stopJobs = followJobs();
    return () => {
      stopRoute();
      stopJobs();
    };
  }, []);

  useShortcuts({ queryInputId: QUERY_INPUT_ID, gridId: GRID_ID, onHelp: openHelp });

  const closeAndRefocus = () => {
    closeDrawer();
    document.getElementById(GRID_ID)?.focus();
  };

  return (
    <div className="app" data-app-state={appState}>
      <a className="skip-link" href={`#${GRID_ID}`}>
        Skip to the events
      </a>
      <Toolbar onHelp={openHelp} />
      <QueryBar />
      <ClauseChips />
      <div className="timeline">
        <HistogramPanel />
        <ActorLanesPanel />
      </div>
      <div className={`body${drawerOpen ? ' has-drawer' : ''}`}>
        <FacetSidebar />
        <EventsTable />
        {drawerOpen && <DetailDrawer onClose={closeAndRefocus} />}
      </div>
      <StatusBar />
      <ShortcutSheet open={helpOpen} onClose={() => setHelpOpen(false)} />
      <SourcesPanel />
      <FileDrop />
    </div>
  );
}
