// Placeholder until the desktop issue: the investigator UI is built on the core's contract there.
export function App() {
  return (
    <main>
      <h1>Trailscope</h1>
      <p>Open a case with the command line for now: <code>npx trailscope --help</code>.</p>
    </main>
  );
}
