/**
 * Creating a function through the UI with the short wizard: a sub-folder with its own package.json
 * is offered by "Lambda: Deploy Workspace Folder…"; the wizard asks only the name (prefilled), the
 * region (two are shown) and the execution role; the handler and runtime come from package.json;
 * the role picker lists the roles Lambda can assume and creates a basic execution role after a
 * clear confirmation; the package preview confirms; the function is created with that role.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DeleteFunctionCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { spec } from '../framework';

export default spec('create a function: short wizard, roles Lambda can assume, create a basic execution role', async ({ step, wb, page, env }) => {
  const name = `wiz-${Date.now().toString(36)}`;
  const folder = path.join(env.workspaceDir, 'services', name);
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const lambda = () => new LambdaClient({ region: 'us-east-1', endpoint: env.endpoint, credentials });
  let roleName = '';

  try {
    await step('a sub-folder with its own package.json and handler exists', async () => {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name, main: 'app.js', engines: { node: '>=22' } }, null, 2));
      fs.writeFileSync(path.join(folder, 'app.js'), 'exports.handler = async () => ({ ok: true });\nexports.helper = () => 1;\n');
      await wb.ready();
    });

    await step('the palette\'s deploy offers the sub-folder', async () => {
      await wb.runCommand('Lambda: Deploy Workspace Folder…');
      await wb.pick(new RegExp(`services/${name}`), { filter: name });
    });

    await step('the wizard asks the name first, prefilled from the folder', async () => {
      const input = page.locator('.quick-input-widget', { hasText: `Create Lambda Function for "${name}" (1/3)` });
      await input.waitFor({ state: 'visible' });
      const value = await wb.quickInputBox().inputValue();
      if (value !== name) throw new Error(`The name is prefilled with "${value}".`);
      await page.keyboard.press('Enter');
    });

    await step('the region, because two are shown', async () => {
      await page.locator('.quick-input-widget', { hasText: '(2/3)' }).waitFor({ state: 'visible' });
      await wb.pick('us-east-1');
    });

    await step('the role picker lists roles Lambda can assume, not others, and offers to create one', async () => {
      await page.locator('.quick-input-widget', { hasText: '(3/3)' }).waitFor({ state: 'visible' });
      await wb.quickPickRows().filter({ hasText: 'lambda-role' }).first().waitFor({ state: 'visible', timeout: 30000 });
      if ((await wb.quickPickRows().filter({ hasText: 'ecs-task-role' }).count()) > 0) throw new Error('A role Lambda cannot assume is offered.');
      await wb.pick('Create a basic execution role…');
    });

    await step('the new role\'s name is suggested, and creating it asks first, saying what it allows', async () => {
      await page.locator('.quick-input-widget', { hasText: 'Name of the new IAM role' }).waitFor({ state: 'visible' });
      roleName = await wb.quickInputBox().inputValue();
      if (!roleName.startsWith(`${name}-role-`)) throw new Error(`The suggested role name is "${roleName}".`);
      await page.keyboard.press('Enter');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.locator('.dialog-message-text', { hasText: `Create the IAM role "${roleName}"` }).waitFor({ state: 'visible' });
      await dialog.locator('.dialog-message-detail', { hasText: 'AWSLambdaBasicExecutionRole' }).waitFor({ state: 'visible' });
      await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Create Role' }).click();
    });

    await step('the package preview asks to deploy; the function is created', async () => {
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.locator('.dialog-message-text', { hasText: `Deploy "${name}" to ${name} in us-east-1?` }).waitFor({ state: 'visible', timeout: 60000 });
      await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Deploy' }).click();
      await wb.notification(new RegExp(`Created ${name} in us-east-1`), 90000);
    });

    await step('the function runs as the new role, which exists with the Lambda trust policy', async () => {
      const client = lambda();
      const iam = new IAMClient({ region: 'us-east-1', endpoint: env.endpoint, credentials });
      try {
        const fn = (await client.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
        const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
        if (fn?.Role !== role?.Arn) throw new Error(`The function's role is ${fn?.Role}, the new role is ${role?.Arn}.`);
        if (fn?.Handler !== 'app.handler') throw new Error(`The handler is ${fn?.Handler}, not app.handler (package.json main).`);
        if (fn?.Runtime !== 'nodejs24.x') throw new Error(`The runtime is ${fn?.Runtime}, not the newest one engines.node >=22 allows.`);
        if (!decodeURIComponent(role?.AssumeRolePolicyDocument ?? '').includes('lambda.amazonaws.com')) throw new Error('The role does not trust Lambda.');
        const binding = JSON.parse(fs.readFileSync(path.join(folder, 'lambda-workbench.json'), 'utf8')) as { Role?: string };
        if (binding.Role !== role?.Arn) throw new Error('The binding file does not name the new role.');
      } finally {
        client.destroy();
        iam.destroy();
      }
    });
  } finally {
    const client = lambda();
    await client.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
    client.destroy();
  }
});
