import { WorkbenchError } from '../core/errors';
import type { CliCommand } from './command';

export const emulatorCommand: CliCommand = {
  name: 'emulator',
  summary: '(not implemented yet)',
  usage: 'lambda-workbench emulator',
  run() {
    return Promise.reject(new WorkbenchError('usage', '"emulator" is not implemented yet.'));
  },
};
