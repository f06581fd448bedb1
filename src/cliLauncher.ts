/**
 * dist/cli.js, the `lambda-workbench` bin: loads the bundle the command needs and nothing else.
 * `package` gets dist/cliPackage.js (the packaging code alone); every other command, and help,
 * dist/cliAll.js. Both run the same runner and command code (src/cli/runner.ts).
 */
import { join } from 'node:path';

const bundle = process.argv[2] === 'package' ? 'cliPackage.js' : 'cliAll.js';
// A path built at run time, so that esbuild leaves the bundle to be loaded, not inlined.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(join(__dirname, bundle));
