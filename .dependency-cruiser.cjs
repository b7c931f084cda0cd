// The house's layers (README "Layout"), enforced by `npm run lint`: imports point down, never up, never in a circle.
// Bottom to top: src/shared → core base → formats/ingest → store → sources/sync/demo/integrity → engine → cli/web/shell.
const LAYERS = [
  {
    name: 'core base',
    path: '^src/main/core/(errors|secrets|renderer-files|csv|private-files)\\.ts$|^src/main/core/jobs/',
  },
  { name: 'formats and ingest rules', path: '^src/main/core/(formats|ingest)/' },
  { name: 'store', path: '^src/main/core/store/' },
  {
    name: 'sources, sync, demo, integrity, reports and detections',
    path: '^src/main/core/(sources|sync|demo|integrity|reports|detections)/',
  },
  { name: 'engine', path: '^src/main/core/(engine\\.ts$|bridge/|engine-process/)' },
  { name: 'faces (cli, web, shell)', path: '^src/main/(cli|web|shell)/|^src/main/(index|engine-host)\\.ts$' },
];

const upward = LAYERS.flatMap((from, i) =>
  LAYERS.slice(i + 1).map((to) => ({
    name: 'no-upward-import',
    comment: `${from.name} must not import ${to.name}: a lower layer never knows the one above it.`,
    severity: 'error',
    from: { path: from.path },
    to: { path: to.path },
  })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle: move what both sides need into a lower module.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    // Renderer features import each other one way only. E.g. integrity → query, events (it opens an event), while
    // the histogram and the events table get the integrity marks as props from App.tsx and never import it.
    {
      name: 'no-circular-folders',
      comment:
        'Two folders that import each other (a feature and its neighbour): one of them must own the shared part.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    {
      name: 'shared-is-the-bottom',
      comment: 'src/shared is imported by every side and imports none of them.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(main|renderer|preload)/' },
    },
    {
      name: 'renderer-speaks-only-the-contract',
      comment: 'The renderer reaches the core only through src/shared and its bridge, never src/main or the preload.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/(main|preload)/' },
    },
    {
      name: 'renderer-lib-below-features',
      comment: 'lib/ and components/ are generic: they know no feature and not the app root.',
      severity: 'error',
      from: { path: '^src/renderer/src/(lib|components)/' },
      to: { path: ['^src/renderer/src/features/', '^src/renderer/src/[^/]+$'] },
    },
    {
      name: 'renderer-features-below-root',
      comment: 'Features are mounted by App.tsx / main.tsx, never the other way round.',
      severity: 'error',
      from: { path: '^src/renderer/src/features/' },
      to: { path: '^src/renderer/src/[^/]+\\.tsx?$' },
    },
    {
      name: 'preload-is-a-transport',
      comment: 'The preload exposes the contract; it knows nothing of the main process or the renderer.',
      severity: 'error',
      from: { path: '^src/preload/' },
      to: { path: '^src/(main|renderer)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.(css|md|svg|png)$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
