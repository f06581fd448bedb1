/**
 * dist/cliPackage.js: the CLI with the `package` command alone, loaded by dist/cli.js for
 * `lambda-workbench package`. Scripts and CI run it on every change, and the whole CLI bundle (every
 * command, the emulator, invoke, serve) would be parsed for nothing: this one is a fifth of its size.
 */
import { packageCommand } from '../packageCommand';
import { runCli } from '../runner';

runCli([packageCommand]);
