import cliPackage from '../package.json' with { type: 'json' };

/** rt-guard's version: the one in cli/package.json, which is what npm publishes (bundled at build time). */
export const VERSION: string = cliPackage.version;
