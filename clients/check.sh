#!/usr/bin/env bash
# Generates a TypeScript client (openapi-typescript) from the served OpenAPI document and type-checks
# strict page code against it (tsc --strict --noEmit). Starts nothing itself: give it the base URL
# of a running service (default http://localhost:8080) or a saved JSON document, e.g.
#   clients/check.sh http://localhost:8080
#   clients/check.sh target/openapi.json        # written by OpenApiSpecTest
set -euo pipefail
source="${1:-http://localhost:8080}"
case "$source" in
  http://*|https://*) spec="${source%/}/q/openapi?format=json" ;;
  *) spec="$(cd "$(dirname "$source")" && pwd)/$(basename "$source")" ;;
esac
cd "$(dirname "$0")/typescript-check"
started=$SECONDS
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p generated
npx --no-install openapi-typescript "$spec" --output generated/api.d.ts --silent
npx --no-install tsc -p tsconfig.json
echo "typescript check passed in $((SECONDS - started)) s"
