#!/usr/bin/env bash
# Installs the tools the tests start themselves, into the project folder (idempotent, nothing global):
#   - Azurite (Microsoft's Azure Storage emulator) for the Azure Blob storage adapter's contract test.
# Needs Node.js 20 and npm. Azurite 3.36+ wants Node >= 21, so it is pinned to 3.35.0.
set -euo pipefail
cd "$(dirname "$0")/.."

AZURITE_VERSION=3.35.0
installed=""
if [ -f node_modules/azurite/package.json ]; then
  installed=$(node -p "require('./node_modules/azurite/package.json').version" 2>/dev/null || true)
fi
if [ -x node_modules/.bin/azurite-blob ] && [ "$installed" = "$AZURITE_VERSION" ]; then
  echo "azurite $AZURITE_VERSION already installed"
  exit 0
fi
command -v npm >/dev/null || { echo "npm is required to install Azurite (install Node.js 20)" >&2; exit 1; }
npm install --no-save --no-audit --no-fund --no-package-lock "azurite@$AZURITE_VERSION"
echo "azurite $AZURITE_VERSION installed in $(pwd)/node_modules"
