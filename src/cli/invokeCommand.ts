import { WorkbenchError } from '../core/errors';
import type { CliCommand } from './command';

export const invokeCommand: CliCommand = {
  name: 'invoke',
  summary: '(not implemented yet)',
  usage: 'lambda-workbench invoke',
  run() {
    return Promise.reject(new WorkbenchError('usage', '"invoke" is not implemented yet.'));
  },
};
