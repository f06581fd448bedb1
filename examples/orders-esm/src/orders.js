// An ES module handler ("type": "module") that prices an order with a production dependency.
import { formatMoney, sumLineItems } from '@lw-examples/money';

const currency = process.env.CURRENCY ?? 'EUR';

export const handler = async (event) => {
  const items = Array.isArray(event?.items) ? event.items : [];
  if (items.length === 0) {
    throw new Error('An order needs at least one item.');
  }
  const totalCents = sumLineItems(items);
  console.log(`order ${event.orderId ?? '(no id)'}: ${items.length} item(s), ${totalCents} cents`);
  return {
    orderId: event.orderId ?? null,
    itemCount: items.length,
    totalCents,
    total: formatMoney(totalCents, currency),
  };
};
