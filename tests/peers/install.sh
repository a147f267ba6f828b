#!/usr/bin/env bash
# Installs the real peers the test suite talks to, only what is missing (idempotent; fast when all is there).
#   Debian: python3-pyftpdlib, python3-openssl, vsftpd, python3-hl7, lftp, curl, openssl, tshark
#           proftpd-core, proftpd-mod-crypto, pure-ftpd: unpacked beside vsftpd (the three conflict as packages)
#   npm:    the versions in tests/peers/node/package-lock.json (Node 20 compatible)
#   a local account 'ftpuser' for vsftpd's PAM login (password set by the tests' fixtures)
# Needs root for apt-get and useradd. Prints what it installs; exits non-zero when something cannot be installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
peers_root=${HEMATOLOGY_PEERS_ROOT:-/opt/hematology-peers}
export DEBIAN_FRONTEND=noninteractive

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(unzip python3-pyftpdlib python3-openssl vsftpd python3-hl7 lftp curl openssl tshark
              libsodium23 libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3 libidn2-0 libwrap0)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
updated=0
if [ ${#missing[@]} -gt 0 ]; then
  echo "peers: installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  updated=1
  sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# proftpd and pure-ftpd conflict with vsftpd as packages: unpack them instead.
if [ ! -x "$peers_root/root/usr/sbin/proftpd" ] || [ ! -x "$peers_root/root/usr/sbin/pure-ftpd" ]; then
  echo "peers: unpacking proftpd and pure-ftpd into $peers_root/root"
  [ $updated = 1 ] || sudo_if_needed apt-get update -qq
  sudo_if_needed mkdir -p "$peers_root/debs" "$peers_root/root"
  ( cd "$peers_root/debs" && sudo_if_needed apt-get download -qq proftpd-core proftpd-mod-crypto pure-ftpd pure-ftpd-common )
  for d in "$peers_root"/debs/*.deb; do sudo_if_needed dpkg -x "$d" "$peers_root/root"; done
fi

# The vsftpd test account (PAM needs a real user with a shell listed in /etc/shells).
if ! id ftpuser >/dev/null 2>&1; then
  echo "peers: creating the local account ftpuser"
  sudo_if_needed useradd -M -d /nonexistent -s /bin/bash ftpuser
fi
echo 'ftpuser:ftppass' | sudo_if_needed chpasswd

# npm peers, from the committed lock file.
if ! cmp -s "$here/node/package-lock.json" "$here/node/node_modules/.package-lock.json" 2>/dev/null \
   && [ ! -d "$here/node/node_modules/@medplum/hl7" ]; then
  echo "peers: installing npm packages"
  ( cd "$here/node" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null )
fi
[ -d "$here/node/node_modules/@medplum/hl7" ] || { echo "peers: npm packages missing after install" >&2; exit 1; }
echo "peers: ready"
