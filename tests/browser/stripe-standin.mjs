// A stand-in for Stripe on 127.0.0.1, for the browser suite: NOT Stripe, and it charges nothing.
// Usage: node tests/browser/stripe-standin.mjs PORT HERMANA_BASE_URL WEBHOOK_SECRET
//
// It plays the endpoints Hermana calls (create a Checkout Session; read, change, cancel a
// subscription), shows a pretend checkout page whose "Pay" button posts the webhook events
// Stripe would send — signed as Stripe signs them (HMAC-SHA256 over "t.payload") — to
// HERMANA_BASE_URL/webhooks/stripe, then sends the browser to the session's success_url.
// GET /requests lists what it was sent, so the suite can check it.
// Only Node's own modules: nothing to install.

import http from 'node:http';
import crypto from 'node:crypto';

const [portArg, target, secret] = process.argv.slice(2);
if (!portArg || !target || !secret) {
  console.error('usage: node stripe-standin.mjs PORT HERMANA_BASE_URL WEBHOOK_SECRET');
  process.exit(2);
}
const port = Number(portArg);
const received = [];
const sessions = new Map(); // id → form parameters
const sessionByKey = new Map(); // Idempotency-Key → id
let counter = 0;

/** The fields under `prefix[...]` of a form, as an object: metadata[lang] → { lang }. */
function under(params, prefix) {
  const out = {};
  for (const [k, v] of Object.entries(params)) {
    if (k.startsWith(`${prefix}[`) && k.endsWith(']')) out[k.slice(prefix.length + 1, -1)] = v;
  }
  return out;
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function deliver(type, object) {
  const body = JSON.stringify({ id: `evt_${crypto.randomUUID().replace(/-/g, '')}`, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });
  const t = Math.floor(Date.now() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  const res = await fetch(`${target}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` }, body });
  if (!res.ok) throw new Error(`webhook ${type} answered ${res.status}`);
}

/** The events of a paid session: a subscription's first invoice comes before the session, as it may at Stripe. */
async function pay(id, params) {
  const amount = Number(params['line_items[0][price_data][unit_amount]']);
  const currency = params['line_items[0][price_data][currency]'];
  const email = params.customer_email;
  const session = {
    id, object: 'checkout.session', mode: params.mode, payment_status: 'paid', amount_total: amount, currency,
    customer_email: email, customer_details: { email, name: params['metadata[name]'] }, metadata: under(params, 'metadata'),
  };
  if (params.mode === 'subscription') {
    Object.assign(session, { customer: `cus_${id}`, subscription: `sub_${id}` });
    await deliver('invoice.paid', {
      id: `in_${id}`, object: 'invoice', amount_paid: amount, currency, customer: session.customer, customer_email: email,
      subscription: session.subscription, payment_intent: `pi_in_${id}`, subscription_details: { metadata: under(params, 'subscription_data[metadata]') },
    });
  } else {
    session.payment_intent = `pi_${id}`;
  }
  await deliver('checkout.session.completed', session);
}

function checkoutPage(id, params) {
  const es = params.locale === 'es';
  const amount = (Number(params['line_items[0][price_data][unit_amount]']) / 100).toFixed(2);
  const every = params['line_items[0][price_data][recurring][interval]'];
  return `<!doctype html><html lang="${es ? 'es' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Stand-in checkout</title></head><body style="font-family:sans-serif;max-width:30rem;margin:2rem auto;padding:0 1rem">
<h1>${es ? 'Pago de prueba' : 'Test payment'}</h1>
<p><strong>${es ? 'Esto no es Stripe: no se cobra nada.' : 'This is not Stripe: nothing is charged.'}</strong></p>
<p>${escape(params['line_items[0][price_data][product_data][name]'])}: US$ ${amount}${every ? ` / ${escape(every)}` : ''}</p>
<form method="post" action="/checkout/${escape(id)}/pay"><button type="submit" style="font-size:1.2rem;padding:.6rem 1.2rem">${es ? 'Pagar' : 'Pay'}</button></form>
</body></html>`;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/v1/')) {
      received.push({ method: req.method, path: url.pathname, contentType: req.headers['content-type'] || '', idempotencyKey: req.headers['idempotency-key'] || null, authorized: /^Bearer \S+/.test(req.headers.authorization || ''), body });
    }
    try {
      if (req.method === 'GET' && url.pathname === '/requests') return json(res, 200, received);
      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        const key = req.headers['idempotency-key'];
        if (!key || !/^Bearer \S+/.test(req.headers.authorization || '')) return json(res, 400, { error: { message: 'key and Idempotency-Key required' } });
        const params = Object.fromEntries(new URLSearchParams(body));
        let id = sessionByKey.get(key);
        if (!id) {
          id = `cs_test_${++counter}`;
          sessionByKey.set(key, id);
          sessions.set(id, params);
        }
        return json(res, 200, { id, object: 'checkout.session', url: `http://127.0.0.1:${port}/checkout/${id}` });
      }
      const sub = url.pathname.match(/^\/v1\/subscriptions\/([A-Za-z0-9_]+)$/);
      if (sub) {
        return json(res, 200, { id: sub[1], object: 'subscription', status: req.method === 'DELETE' ? 'canceled' : 'active', items: { data: [{ id: 'si_standin', price: { id: 'price_standin', product: 'prod_standin' } }] } });
      }
      const page = url.pathname.match(/^\/checkout\/([A-Za-z0-9_]+)(\/pay)?$/);
      if (page && sessions.has(page[1])) {
        const params = sessions.get(page[1]);
        if (req.method === 'GET' && !page[2]) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(checkoutPage(page[1], params));
        }
        if (req.method === 'POST' && page[2]) {
          await pay(page[1], params);
          res.writeHead(303, { location: params.success_url.replace('{CHECKOUT_SESSION_ID}', page[1]) });
          return res.end();
        }
      }
      json(res, 404, { error: { message: 'no such thing at the stand-in' } });
    } catch (e) {
      console.error(`stripe stand-in: ${e.message}`);
      json(res, 502, { error: { message: e.message } });
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`stripe stand-in on 127.0.0.1:${port} → ${target}`));
