#!/usr/bin/env node
// MLLP sender test peer built on @medplum/hl7 4.5.2 (Hl7Client.sendAndWait) or node-hl7-client 3.2.0.
//   NODE_PATH=tests/peers/node/node_modules node mllp_node_sender.js --port P [--host 127.0.0.1] [--lib medplum|nhc]
//        [--count N] [--connections C] [--obx K] [--template FILE] [--timeout ms] [--summary] [--slow ms] [--cut bytes]
// Sends N messages one after the other on each of C connections (run concurrently), each waiting for its ACK, and
// prints one JSON document: {"sent", "elapsedSeconds", "perSecond", "acks": [{"connection","controlId","msa1","msa2"}]}.
// MSH-10 is "JS<connection>-<index>". --template FILE: message text with {ID} where MSH-10 goes.
// medplum only: --slow ms writes each framed message one byte at a time on the client's own socket (pausing ms between
// bytes) and takes the ACK from the connection's 'message' event; --cut N writes the first N bytes of the first framed
// message, then destroys the socket (a client that disconnects mid-frame; the JSON has "sent": 0, "cut": N).
const fs = require('fs');

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf('--' + n); return i >= 0 ? args[i + 1] : d; };
const flag = (n) => args.includes('--' + n);
const HOST = opt('host', '127.0.0.1');
const PORT = Number(opt('port', '2575'));
const LIB = opt('lib', 'medplum');
const COUNT = Number(opt('count', '1'));
const CONNECTIONS = Number(opt('connections', '1'));
const OBX = Number(opt('obx', '25'));
const TIMEOUT = Number(opt('timeout', '10000'));
const TEMPLATE = opt('template', '');
const SLOW = Number(opt('slow', '0'));
const CUT = Number(opt('cut', '0'));

function defaultTemplate() {
  const s = [
    'MSH|^~\\&|HEMA|LAB|LIS|HOSP|20260115080000||ORU^R01^ORU_R01|{ID}|P|2.5.1|||AL|NE||UNICODE UTF-8',
    'PID|1||PAT0001^^^HOSP^MR||Doe^Jane||19800101|F',
    'OBR|1||SPEC0001|57021-8^CBC W Auto Differential panel - Blood^LN|||20260115075500',
  ];
  for (let i = 1; i <= OBX; i++) {
    s.push(`OBX|${i}|NM|6690-2^Leukocytes [#/volume] in Blood by Automated count^LN||${5 + (i % 5)}.${i % 10}|10*3/uL|4.0-10.0|N|||F`);
  }
  return s.join('\r');
}

const template = TEMPLATE
  ? fs.readFileSync(TEMPLATE, 'utf8').replace(/\r\n/g, '\r').replace(/\n/g, '\r').replace(/\r+$/, '')
  : defaultTemplate();

const withTimeout = (p) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error('ACK timeout')), TIMEOUT);
  p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
});

async function runMedplum(conn, results) {
  const { Hl7Client } = require('@medplum/hl7');
  const { Hl7Message } = require('@medplum/core');
  const client = new Hl7Client({ host: HOST, port: PORT, encoding: 'utf-8', keepAlive: true });
  try {
    if (SLOW || CUT) {
      const connection = await client.connect();
      const socket = connection.socket;
      socket.setNoDelay(true);
      for (let i = 1; i <= COUNT; i++) {
        const controlId = `JS${conn}-${i}`;
        const text = Hl7Message.parse(template.replace('{ID}', controlId)).toString();
        const framed = Buffer.concat([Buffer.from([0x0b]), Buffer.from(text, 'utf8'), Buffer.from([0x1c, 0x0d])]);
        if (CUT) {
          await new Promise((resolve) => socket.write(framed.subarray(0, CUT), resolve));
          socket.destroy();
          return;
        }
        const got = new Promise((resolve) => {
          const listener = ({ message }) => { connection.removeEventListener('message', listener); resolve(message); };
          connection.addEventListener('message', listener);
        });
        for (const b of framed) {
          await new Promise((resolve) => socket.write(Buffer.from([b]), resolve));
          await new Promise((resolve) => setTimeout(resolve, SLOW));
        }
        const ack = await withTimeout(got);
        const msa = ack.getSegment('MSA');
        results.push({ connection: conn, controlId, msa1: msa.getField(1).toString(), msa2: msa.getField(2).toString() });
      }
      return;
    }
    for (let i = 1; i <= COUNT; i++) {
      const controlId = `JS${conn}-${i}`;
      const ack = await withTimeout(client.sendAndWait(Hl7Message.parse(template.replace('{ID}', controlId))));
      const msa = ack.getSegment('MSA');
      results.push({ connection: conn, controlId, msa1: msa.getField(1).toString(), msa2: msa.getField(2).toString() });
    }
  } finally {
    await client.close();
  }
}

async function runNhc(conn, results) {
  const { Client, Message } = require('node-hl7-client');
  const client = new Client({ host: HOST });
  let pending = null;
  const outbound = client.createConnection({ port: PORT, waitAck: true }, async (res) => {
    const ack = res.getMessage();
    if (pending) { const p = pending; pending = null; p(ack); }
  });
  await new Promise((resolve, reject) => { outbound.on('connect', resolve); outbound.on('error', reject); });
  try {
    for (let i = 1; i <= COUNT; i++) {
      const controlId = `JS${conn}-${i}`;
      const got = new Promise((resolve) => { pending = resolve; });
      await outbound.sendMessage(new Message({ text: template.replace('{ID}', controlId) }));
      const ack = await withTimeout(got);
      results.push({ connection: conn, controlId, msa1: ack.get('MSA.1').toString(), msa2: ack.get('MSA.2').toString() });
    }
  } finally {
    await outbound.close();
  }
}

(async () => {
  const results = [];
  const run = LIB === 'nhc' ? runNhc : runMedplum;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => run(c + 1, results)));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const out = { sent: results.length, elapsedSeconds: elapsed, perSecond: elapsed > 0 ? results.length / elapsed : 0 };
  if (CUT) out.cut = CUT;
  if (!flag('summary')) out.acks = results;
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
})().catch((e) => { console.error(e && e.stack || String(e)); process.exit(1); });
