/**
 * The import rules of src/ and bindings/ (see src/README.md), checked by
 * test/architecture/imports.test.ts and by `npm run lint:imports`.
 *
 * Layers, lowest first. A file may import its own layer and the layers below it, never one
 * above. Application modules do not import one another: they meet through the ports and
 * registries of the layers below (AppServices, the event map, the configuration sections).
 */
const LAYERS = [
  { name: 'bindings', paths: ['^bindings/'] },
  { name: 'platform-base', paths: ['^src/(log|metrics|config|store|random)/'] },
  { name: 'platform', paths: ['^src/(auth|tenants|records|http|events)/', '^src/(services|lifecycle|readiness)\\.ts$'] },
  { name: 'voice-and-calendar', paths: ['^src/(voice|calendar)/'] },
  { name: 'telephony', paths: ['^src/telephony/'] },
  { name: 'gateway', paths: ['^src/gateway/'] },
  { name: 'applications', paths: ['^src/(ivr|acd|fax|outbound|reports|coresim)/'] },
  { name: 'composition', paths: ['^src/cli/', '^src/(server|modules|app-config)\\.ts$'] },
];

const APPLICATIONS = 'ivr|acd|fax|outbound|reports|coresim';

const upwardRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `no-upward-from-${layer.name}`,
  comment: `${layer.name} must not import a layer above it (${LAYERS.slice(index + 1).map((l) => l.name).join(', ')})`,
  severity: 'error',
  from: { path: layer.paths },
  to: { path: LAYERS.slice(index + 1).flatMap((l) => l.paths) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: break it by moving the shared part down, or by a registry the lower side owns',
      severity: 'error',
      from: { path: '^(src|bindings)/' },
      to: { circular: true },
    },
    ...upwardRules,
    {
      name: 'no-application-to-application',
      comment: 'application modules meet through ports and registries below them, never by importing one another',
      severity: 'error',
      from: { path: `^src/(${APPLICATIONS})/` },
      to: { path: `^src/(${APPLICATIONS})/`, pathNot: '^src/$1/' },
    },
    {
      name: 'records-tables-through-records',
      comment:
        'only the records writer writes CDRs and logs; other modules read them through src/records/read-api.ts ' +
        '(the route registry writes audit entries in the request transaction, the CLI the first admin\'s)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(records|http|cli)/' },
      to: { path: '^src/records/store/' },
    },
    {
      name: 'no-unlayered-file',
      comment: 'every file of src/ belongs to a layer: add a new folder to LAYERS in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^(src|bindings)/', pathNot: LAYERS.flatMap((l) => l.paths) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    // Type-only imports count: a type that points up a layer is an upward dependency too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
