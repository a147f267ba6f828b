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

const server = new FtpSrv(config);
server.on('login', ({ username, password }, resolve, reject) =>
  username === value('user', 'ftpuser') && password === value('password', 'ftppass')
    ? resolve({ root })
    : reject(new Error('bad login')));
server.on('client-error', ({ error }) => console.error('client-error:', error && error.message));
server.listen().then(() => console.log('ftp-srv on 127.0.0.1:' + port + (certFile ? ' (FTPS)' : '')));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
