// Uses the development dependency only: it must never end up in the deployment package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleOrder } from '@lw-examples/order-fixtures';
import { handler } from '../src/orders.js';

test('prices a sample order', async () => {
  const result = await handler(sampleOrder());
  assert.equal(result.totalCents, 2 * 1250 + 399);
});
