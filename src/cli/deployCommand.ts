import { WorkbenchError } from '../core/errors';
import type { CliCommand } from './command';

export const deployCommand: CliCommand = {
  name: 'deploy',
  summary: '(not implemented yet)',
  usage: 'lambda-workbench deploy',
  run() {
    return Promise.reject(new WorkbenchError('usage', '"deploy" is not implemented yet.'));
  },
};
