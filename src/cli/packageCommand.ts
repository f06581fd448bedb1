import { WorkbenchError } from '../core/errors';
import type { CliCommand } from './command';

export const packageCommand: CliCommand = {
  name: 'package',
  summary: '(not implemented yet)',
  usage: 'lambda-workbench package',
  run() {
    return Promise.reject(new WorkbenchError('usage', '"package" is not implemented yet.'));
  },
};
