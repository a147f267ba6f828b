// Reads one HL7 v2 message from standard input (UTF-8) with @medplum's Hl7Message.parse and prints, as JSON, the
// fields the Hl7Mapping tests compare (the same shape as hl7_parse_python.py). @medplum 4.5.2 splits the structure
// but leaves escape sequences in place, so standard HL7 unescaping is applied to each leaf value here.
'use strict';
const { Hl7Message } = require('@medplum/core');

function unescape(value, ctx) {
  const e = ctx.escapeCharacter;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== e) { out += value[i]; continue; }
    const close = value.indexOf(e, i + 1);
    if (close < 0) { out += value.slice(i); break; }
    const body = value.slice(i + 1, close);
    const map = { F: ctx.fieldSeparator, S: ctx.componentSeparator, T: ctx.subcomponentSeparator, R: ctx.repetitionSeparator, E: e, '.br': '\r' };
    out += Object.prototype.hasOwnProperty.call(map, body) ? map[body] : value.slice(i, close + 1);
    i = close;
  }
  return out;
}

function field(segment, number, ctx) {
  const f = segment.getField(number);
  if (!f || !f.components || f.components.length === 0) return [];
  const first = f.components[0];
  if (first.length === 1 && first[0] === '') return [];
  return first.map((component) => {
    const subs = component.split(ctx.subcomponentSeparator).map((s) => unescape(s, ctx));
    return subs.length === 1 ? subs[0] : subs;
  });
}

function flat(components) {
  if (components.length === 0) return '';
  return components.length === 1 && typeof components[0] === 'string' ? components[0] : components;
}

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const text = Buffer.concat(chunks).toString('utf8');
  const message = Hl7Message.parse(text);
  const ctx = message.context;
  const msh = message.getSegment('MSH');
  const out = {
    peer: '@medplum/hl7',
    messageType: field(msh, 9, ctx),
    controlId: flat(field(msh, 10, ctx)),
    segments: message.segments.map((s) => s.name).filter((n) => n),
  };
  const pid = message.getSegment('PID');
  out.patientId = pid ? field(pid, 3, ctx) : null;
  out.observations = message.getAllSegments('OBX').map((s) => ({
    setId: flat(field(s, 1, ctx)),
    type: flat(field(s, 2, ctx)),
    code: field(s, 3, ctx),
    value: field(s, 5, ctx),
    units: field(s, 6, ctx),
    range: flat(field(s, 7, ctx)),
    flags: flat(field(s, 8, ctx)),
    status: flat(field(s, 11, ctx)),
  }));
  out.notes = message.getAllSegments('NTE').map((s) => flat(field(s, 3, ctx)));
  const msa = message.getSegment('MSA');
  out.ack = msa ? { code: flat(field(msa, 1, ctx)), controlId: flat(field(msa, 2, ctx)), text: flat(field(msa, 3, ctx)) } : null;
  out.errors = message.getAllSegments('ERR').map((s) => ({ location: field(s, 2, ctx), code: field(s, 3, ctx), severity: flat(field(s, 4, ctx)) }));
  process.stdout.write(JSON.stringify(out));
});
