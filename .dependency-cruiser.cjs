/**
 * The layering of the code, checked in `npm test` (issue 12, "The house").
 *
 * - workflows/ is pure: nothing from src/, no Nest, no TypeORM.
 * - src/common, src/config and src/database know no module.
 * - A module is entered only through its public face, src/modules/<name>/index.ts.
 * - Modules sit in layers; none imports a module of a higher layer.
 */

/** Lowest first. A module may import modules of its own or a lower layer only. */
const LAYERS = [
  ['responsibles'],
  ['auth'],
  ['jobs'],
  ['organisation'],
  ['obligations'],
  ['learning-loops'],
  ['quality-reports'],
  ['scheduler', 'me', 'audit', 'calendar', 'health', 'tilsyn', 'reminders'],
  ['demo', 'web'],
];

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('-')}`,
  comment: `${layer.join(', ')} must not import a higher module (${LAYERS.slice(i + 1).flat().join(', ')})`,
  severity: 'error',
  from: { path: `^src/modules/(${layer.join('|')})/` },
  to: { path: `^src/modules/(${LAYERS.slice(i + 1).flat().join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'workflows-pure',
      comment: 'workflows/ holds the rules as pure functions: no src/, no Nest, no TypeORM',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(src/|node_modules/(@nestjs|typeorm)/)' },
    },
    {
      name: 'infrastructure-knows-no-module',
      comment: 'src/common, src/config and src/database must not import from src/modules',
      severity: 'error',
      from: { path: '^src/(common|config|database)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'web-on-top',
      comment: 'the pages (src/web) sit above every module: nothing below imports them; only the composition root (app.*, main.ts) wires them in',
      severity: 'error',
      from: { path: '^src/(common|config|database|modules|cli)/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'web-through-public-face',
      comment: 'the pages use a module only through its index.ts, like any other module',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'module-public-face',
      comment: "another module is imported only through its index.ts, never its files",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'no import cycles in the service or the rules',
      severity: 'error',
      from: { path: '^(src|workflows)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
