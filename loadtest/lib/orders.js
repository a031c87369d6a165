'use strict';
// order.placed events shaped exactly like `sluice put` makes them (src/Cli/Put/OrderGenerator.cs,
// docs/contracts.md). Only kinds that always reach an outcome: valid (confirmed), out-of-stock and
// declined (both rejected); malformed records go to the rejected queue instead and are left out so
// every order put can be counted as reached or lost.
const { randomUUID, randomBytes } = require('node:crypto');

const CURRENCIES = ['EUR', 'USD', 'GBP'];
const TOKENS = ['tok_visa', 'tok_mastercard', 'tok_amex'];
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo));

// Mix in percent: valid / out-of-stock / declined.
function kindFor(r, mix = { valid: 80, outOfStock: 10, declined: 10 }) {
  if (r < mix.valid) return 'valid';
  if (r < mix.valid + mix.outOfStock) return 'outOfStock';
  return 'declined';
}

function makeOrder(now = new Date()) {
  const kind = kindFor(Math.random() * 100);
  const id = randomUUID();
  const orderId = 'ord-' + randomBytes(6).toString('hex');
  const count = int(1, 4);
  const oos = kind === 'outOfStock' ? int(0, count) : -1;
  const lines = [];
  for (let i = 0; i < count; i++) {
    lines.push({ sku: (i === oos ? 'OOS-' : 'SKU-') + int(100, 1000), quantity: int(1, 6), unitPrice: int(100, 10000) / 100 });
  }
  const event = {
    specversion: '1.0',
    id,
    source: 'sluice/loadtest',
    type: 'order.placed',
    subject: orderId,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data: {
      orderId,
      customerId: 'cust-' + String(int(1, 10000)).padStart(4, '0'),
      currency: pick(CURRENCIES),
      paymentToken: kind === 'declined' ? 'tok_declined' : pick(TOKENS),
      lines,
    },
  };
  return { id, orderId, kind, producedAt: now.getTime(), data: Buffer.from(JSON.stringify(event)) };
}

module.exports = { makeOrder };
