#!/usr/bin/env bash
# Judges the four OpenAPI documents with outside tools (API.md: every response, the problem schemas, the query
# parameters and headers, operation ids unique across the four):
#   1. writes them as the gateway serves them (/openapi/{service}.json), without a running platform
#      (tools/openapi/ProBono.OpenApiDocs composes each service but never starts it: no PostgreSQL, no RabbitMQ);
#   2. Spectral (spectral:oas) and Redocly lint them: no error allowed (warnings are shown, not fatal);
#   3. `redocly join` merges them into one: it refuses duplicate operation ids and conflicting tags;
#   4. Kiota 1.38 generates the C# client of the Recruitment document into tests/ProBono.IntegrationTests/Generated
#      (used by KiotaClientTests), and the committed client must be what the document gives (pass --update to rewrite it).
# Usage: tools/openapi/check.sh [--update] [output folder, default $TMPDIR/probono-openapi]
set -euo pipefail
cd "$(dirname "$0")/../.."

update=no
if [ "${1:-}" = --update ]; then update=yes; shift; fi
out=$(realpath -m "${1:-${TMPDIR:-/tmp}/probono-openapi}")
mkdir -p "$out"
services=(recruitment needs teams feedback)
docs=()
for s in "${services[@]}"; do docs+=("$out/$s.json"); done
spectral=@stoplight/spectral-cli@6.16.3
redocly=@redocly/cli@2.77.0
log() { printf '\n== %s\n' "$*"; }

log "writing the documents into $out"
dotnet run --project tools/openapi/ProBono.OpenApiDocs -- "$out"

log "Spectral (spectral:oas)"
npx -y "$spectral" lint --ruleset tools/openapi/.spectral.yaml --fail-severity error "${docs[@]}"

log "Redocly lint (recommended)"
npx -y "$redocly" lint "${docs[@]}"

log "Redocly join"
rm -f "$out/joined.json"
# join prints its conflicts and may still exit 0: judge by what it wrote too
joined=$(npx -y "$redocly" join "${docs[@]}" -o "$out/joined.json" 2>&1) || { echo "$joined"; exit 1; }
echo "$joined"
if grep -qi conflict <<<"$joined" || [ ! -s "$out/joined.json" ]; then
  echo "redocly join refused the documents" >&2
  exit 1
fi

log "Kiota: the Recruitment client"
generated=tests/ProBono.IntegrationTests/Generated/Recruitment
dotnet tool restore >/dev/null
target=$generated
[ $update = yes ] || target="$out/kiota/Recruitment"
rm -rf "$target"
dotnet kiota generate --language CSharp --openapi "$out/recruitment.json" --output "$target" \
  --class-name RecruitmentClient --namespace-name ProBono.IntegrationTests.Generated.Recruitment \
  --type-access-modifier Internal --exclude-backward-compatible --clean-output --log-level Error
rm -f "$target/kiota-lock.json" "$target/.kiota.log"   # absolute paths and a log; the document itself is the lock
if [ $update = no ] && ! diff -r "$generated" "$target" >/dev/null; then
  diff -r "$generated" "$target" | head -40
  echo "the committed Kiota client is not what the Recruitment document gives: run tools/openapi/check.sh --update" >&2
  exit 1
fi
log "OpenAPI documents: Spectral and Redocly found no error, join accepted them, the Kiota client is current"
