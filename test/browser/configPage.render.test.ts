/**
 * The configuration page in a real browser: the handshake, every section of a rich GetFunction
 * response, masking of environment values, and what the page keeps in webview state.
 */
import * as assert from 'node:assert/strict';
import type { PanelState } from '../../src/vscode/configPanel/protocol';
import { richFunction, richUrlConfig, SECRET_A, SECRET_B } from '../unit/configPanel/fixture';
import { ConfigPageHarness, type PageGlobals, type PageSession } from './configPageHarness';

const REF = { region: 'eu-west-1', functionName: 'orders-api' };

function state(extra: Partial<PanelState> = {}): PanelState {
  return { ref: REF, fn: richFunction(), url: richUrlConfig(), connection: 'profile default', ...extra };
}

async function sectionText(s: PageSession, id: string): Promise<string> {
  return s.page.locator(`#sec-${id}`).innerText();
}

describe('configuration page: rendering (Chromium)', function () {
  this.timeout(60_000);
  const harness = new ConfigPageHarness();
  let s: PageSession;

  before(async () => harness.start());
  after(async () => harness.stop());
  afterEach(async () => s?.close());

  it('says ready first and shows no data before the host sends state', async () => {
    s = await harness.open();
    const posted = await s.posted();
    assert.deepEqual(posted[0], { type: 'ready' });
    assert.match(await s.page.locator('#app').innerText(), /Loading configuration/);
  });

  it('renders every section of a rich GetFunction response', async () => {
    s = await harness.open();
    await s.send({ type: 'state', state: state() });
    await s.page.locator('h1', { hasText: 'orders-api' }).waitFor();
    const titles = await s.page.locator('.section-title').allInnerTexts();
    assert.deepEqual(titles, [
      'General',
      'Code and state',
      'Environment variables',
      'Tags',
      'Layers',
      'Concurrency',
      'Function URL',
      'VPC',
      'Logging',
      'Tracing (X-Ray)',
      'Dead-letter queue',
      'Ephemeral storage',
      'SnapStart',
      'Encryption',
      'File systems',
      'Container image',
      'Code signing',
      'Other settings',
    ]);
    const general = await sectionText(s, 'general');
    for (const text of ['arn:aws:lambda:eu-west-1:123456789012:function:orders-api', 'nodejs20.x', 'src/index.handler', 'arm64', 'Zip', 'orders-api-role', '$LATEST', '2024-05-01 10:20:30 UTC', 'rev-0001-aaaa', '0123abcd']) {
      assert.ok(general.includes(text), `general shows ${text}`);
    }
    assert.equal(await s.page.locator('#field-memory').inputValue(), '512');
    assert.equal(await s.page.locator('#field-timeout').inputValue(), '15');
    assert.equal(await s.page.locator('#field-description').inputValue(), 'Takes orders');

    const code = await sectionText(s, 'code');
    for (const text of ['Active', 'Successful', '1.5 MB (1,572,864 bytes)', 'k8lQ0fTkqKx0bW3XgN0Jq2mQJ2x0b8g3cQv1X8zjY9o=', 'S3', 'Presigned']) {
      assert.ok(code.includes(text), `code shows ${text}`);
    }
    assert.ok(!code.includes('X-Amz-Signature'), 'the presigned URL is offered by copy, not displayed');
    assert.match(await sectionText(s, 'tags'), /team\s+payments[\s\S]*cost-center\s+cc-42/);
    assert.match(await sectionText(s, 'layers'), /shared-utils \(version 7\)[\s\S]*20 KB/);
    // The total beside the list: the layers' size, and with the function's code (1.5 MB + 20 KB).
    assert.match(await sectionText(s, 'layers'), /1 layer, 20 KB zipped; with the function's code 1\.5 MB\./);
    assert.match(await sectionText(s, 'concurrency'), /5 reserved concurrent executions/);
    const url = await sectionText(s, 'url');
    for (const text of ['https://abc123.lambda-url.eu-west-1.on.aws/', 'AWS_IAM', 'BUFFERED', 'https://shop.example', 'GET', '5 min (300 s)', 'Yes']) {
      assert.ok(url.includes(text), `url shows ${text}`);
    }
    assert.match(await sectionText(s, 'vpc'), /vpc-0dd44[\s\S]*subnet-0aa11[\s\S]*subnet-0bb22[\s\S]*sg-0cc33/);
    assert.match(await sectionText(s, 'logging'), /JSON[\s\S]*DEBUG[\s\S]*WARN[\s\S]*\/custom\/orders/);
    assert.match(await sectionText(s, 'tracing'), /Active/);
    assert.match(await sectionText(s, 'dlq'), /orders-dlq/);
    assert.match(await sectionText(s, 'storage'), /1,024 MB/);
    assert.match(await sectionText(s, 'snapstart'), /None[\s\S]*Off/);
    assert.match(await sectionText(s, 'encryption'), /key\/1234abcd/);
    assert.match(await sectionText(s, 'filesystems'), /fsap-0123[\s\S]*\/mnt\/data/);
    assert.match(await sectionText(s, 'image'), /Not a container image function/);
    assert.match(await sectionText(s, 'signing'), /signing-profiles\/prof\/abc[\s\S]*job-1/);
    const other = await sectionText(s, 'other');
    assert.match(other, /Tenancy config › Tenant isolation mode\s+PER_TENANT/);
    assert.match(other, /Quantum entanglement › Mode\s+Spooky/, 'fields newer than the page are still shown');
    assert.ok(!/Memory size|Function name|Vpc/.test(other), 'fields shown by a section are not repeated');
    assert.match(await s.page.locator('.subtitle').innerText(), /eu-west-1 · nodejs20.x · profile default/);
  });

  it('says when there is no function URL, and when the connection cannot tell', async () => {
    s = await harness.open();
    await s.send({ type: 'state', state: state({ url: null }) });
    assert.match(await sectionText(s, 'url'), /has no function URL/);
    await s.send({ type: 'state', state: state({ url: undefined }) });
    assert.match(await sectionText(s, 'url'), /not available from this connection/);
  });

  it('renders a container image function and an unreserved, VPC-less minimal one', async () => {
    s = await harness.open();
    const fn = richFunction();
    fn.Configuration = {
      FunctionName: 'img',
      PackageType: 'Image',
      ImageConfigResponse: { ImageConfig: { EntryPoint: ['/lambda-entrypoint.sh'], Command: ['app.handler'], WorkingDirectory: '/var/task' } },
      RevisionId: 'r1',
    };
    fn.Code = { RepositoryType: 'ECR', ImageUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/img:latest' };
    delete fn.Concurrency;
    delete fn.Tags;
    await s.send({ type: 'state', state: state({ fn, url: null }) });
    assert.match(await sectionText(s, 'image'), /\/lambda-entrypoint.sh[\s\S]*app.handler[\s\S]*\/var\/task/);
    assert.match(await sectionText(s, 'code'), /dkr\.ecr/);
    assert.match(await sectionText(s, 'concurrency'), /Unreserved/);
    assert.match(await sectionText(s, 'vpc'), /Not connected to a VPC/);
    assert.match(await sectionText(s, 'environment'), /No environment variables/);
    assert.match(await sectionText(s, 'tags'), /No tags/);
  });

  it('masks every environment value until it is revealed, one at a time', async () => {
    s = await harness.open();
    await s.send({ type: 'state', state: state() });
    await s.page.locator('.env-row').first().waitFor();
    const html = await s.page.content();
    assert.ok(!html.includes(SECRET_A) && !html.includes(SECRET_B), 'no value is in the DOM while masked');
    assert.equal(await s.page.locator('.masked').count(), 3);
    await s.page.getByRole('button', { name: 'Show the value of API_TOKEN' }).click();
    assert.equal(await s.page.getByRole('textbox', { name: 'Value of API_TOKEN' }).inputValue(), SECRET_A);
    assert.ok(!(await s.page.content()).includes(SECRET_B), 'revealing one value does not reveal the others');
    assert.equal(await s.page.getByRole('button', { name: 'Hide the value of API_TOKEN' }).getAttribute('aria-pressed'), 'true');
    await s.page.getByRole('button', { name: 'Hide the value of API_TOKEN' }).click();
    assert.ok(!(await s.page.content()).includes(SECRET_A), 'hiding removes the value again');
    assert.equal(await s.page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('aria-label')), 'Show the value of API_TOKEN', 'focus stays on the toggle');
  });

  it('keeps only UI state (no function data, no values) in webview state, and restores collapsed sections', async () => {
    s = await harness.open();
    await s.send({ type: 'state', state: state() });
    await s.page.getByRole('button', { name: /Layers/ }).click();
    await s.page.getByRole('button', { name: 'Show the value of DATABASE_URL' }).click();
    const ui = await s.uiState();
    assert.deepEqual(ui, { v: 1, ref: REF, collapsed: ['layers'] });
    await s.close();

    s = await harness.open(ui);
    await s.send({ type: 'state', state: state() });
    assert.equal(await s.page.locator('#sec-layers-body').isHidden(), true);
    assert.equal(await s.page.getByRole('button', { name: /Layers/ }).getAttribute('aria-expanded'), 'false');
    assert.equal(await s.page.locator('.masked').count(), 3, 'a restored page starts with every value masked');
  });

  it('shows a load error with a way to retry', async () => {
    s = await harness.open();
    await s.send({ type: 'state', state: { ref: REF, error: { message: 'orders-api no longer exists in eu-west-1.', hint: 'It may have been deleted.', kind: 'notFound' } } });
    const alert = s.page.getByRole('alert');
    assert.match(await alert.innerText(), /no longer exists[\s\S]*may have been deleted/);
    await alert.getByRole('button', { name: 'Try again' }).click();
    assert.equal((await s.waitForPosted('reload')).type, 'reload');
  });

  it('copies and opens links through the host, naming only a target', async () => {
    s = await harness.open();
    await s.send({ type: 'state', state: state() });
    await s.page.getByRole('button', { name: 'Copy ARN' }).first().click();
    assert.deepEqual(await s.waitForPosted('copy'), { type: 'copy', text: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api', label: 'ARN' });
    await s.page.getByRole('button', { name: 'Open the log group in the CloudWatch console' }).click();
    assert.deepEqual(await s.waitForPosted('openLink'), { type: 'openLink', target: 'logs' });
  });
});
