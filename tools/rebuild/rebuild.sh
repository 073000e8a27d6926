#!/usr/bin/env bash
# Rebuilds the read models of one service, or of all five, from their event stores through the gateway:
# POST /admin/{service}/rebuild as staff (docs/adr/0021-events-are-a-contract-with-the-past.md). Stop the writes first:
# an event appended while an inline projection is replayed may be missed by it.
#
#   tools/rebuild/rebuild.sh                       # needs, recruitment, teams, feedback, webhooks, one after the other
#   tools/rebuild/rebuild.sh recruitment           # one service
#   GATEWAY=http://localhost:5080 STAFF_TOKEN=... tools/rebuild/rebuild.sh
#
# Prints each service's answer: every projection rebuilt, its documents and seconds. Needs curl (and dotnet to mint a
# development staff token when STAFF_TOKEN is not set).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
gateway=${GATEWAY:-http://localhost:5080}
token=${STAFF_TOKEN:-$(dotnet run --project "$root/tools/ProBono.Token" -- staff)}
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(needs recruitment teams feedback webhooks)
for service in "${services[@]}"; do
  case "$service" in needs|recruitment|teams|feedback|webhooks) ;; *) echo "unknown service $service" >&2; exit 2 ;; esac
  printf '%s: ' "$service"
  curl -sS --fail-with-body --max-time 3600 -X POST -H "Authorization: Bearer $token" "$gateway/admin/$service/rebuild"
  echo
done
