import { WorkbenchError } from '../core/errors';
import type { CliCommand } from './command';

export const listCommand: CliCommand = {
  name: 'list',
  summary: '(not implemented yet)',
  usage: 'lambda-workbench list',
  run() {
    return Promise.reject(new WorkbenchError('usage', '"list" is not implemented yet.'));
  },
};
