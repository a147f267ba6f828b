#!/usr/bin/env node
// Acquisition test peer: ftp-srv 4.6 (npm) on 127.0.0.1 serving one folder to one login.
//   node acq_ftpsrv_server.js --port P --root DIR --pasv MIN-MAX [--cert server.crt --key server.key]
// With --cert/--key it offers explicit FTPS (AUTH TLS). ftp-srv answers a transfer command only after the
// data-channel TLS handshake has completed (vsftpd and proftpd do the opposite), which is what the tests check.
const fs = require('fs');
const { FtpSrv } = require('ftp-srv');

const argv = process.argv.slice(2);
const value = (name, fallback) => {
  const at = argv.indexOf('--' + name);
  return at >= 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
};

const port = Number(value('port', '2161'));
const root = value('root', process.cwd());
const [low, high] = value('pasv', '30700-30749').split('-').map(Number);
const config = {
  url: 'ftp://127.0.0.1:' + port,
  pasv_url: '127.0.0.1',
  pasv_min: low,
  pasv_max: high,
  anonymous: false,
  greeting: ['ftp-srv acquisition peer'],
  timeout: 60000,
};
const certFile = value('cert', null);
if (certFile) {
  config.tls = { cert: fs.readFileSync(certFile), key: fs.readFileSync(value('key', '')) };
}

// ftp-srv 4.6.3 answers AUTH TLS with 234 and wraps the command socket in TLS only on a later turn of the
// event loop (its promises settle through setImmediate), so a client's ClientHello can be read first as a
// plain-text command and answered in plain text: curl then fails with "wrong version number". This handler
// writes the 234 and wraps the socket in the same turn, so every byte after the reply goes to TLS.
const tls = require('tls');
const authCommand = require('ftp-srv/src/commands/registration/auth');
authCommand.handler = function ({ command } = {}) {
  if (String(command.arg || '').toUpperCase() !== 'TLS') return this.reply(504);
  if (!this.server.options.tls) return this.reply(502);
  if (this.secure) return this.reply(202);
  const plain = this.commandSocket;
  plain.write('234 Honored\r\n', this.encoding);
  const secureSocket = new tls.TLSSocket(plain, {
    isServer: true,
    secureContext: tls.createSecureContext(this.server.options.tls),
  });
  ['data', 'timeout', 'end', 'close', 'drain', 'error'].forEach((event) => {
    secureSocket.on(event, (...args) => plain.emit(event, ...args));
  });
  this.commandSocket = secureSocket;
  this.secure = true;
  return Promise.resolve();
};

const server = new FtpSrv(config);
server.on('login', ({ username, password }, resolve, reject) =>
  username === value('user', 'ftpuser') && password === value('password', 'ftppass')
    ? resolve({ root })
    : reject(new Error('bad login')));
server.on('client-error', ({ error }) => console.error('client-error:', error && error.message));
server.listen().then(() => console.log('ftp-srv on 127.0.0.1:' + port + (certFile ? ' (FTPS)' : '')));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
