#!/usr/bin/env bash
# Publishes the AppHost's manifest and fails when it holds something a deployment target cannot use or must not see:
# an absolute path of this machine, a local executable, the development password or signing key, a literal password.
#
# usage: tools/deploy/check-manifest.sh                 publish and check every shape CI cares about
#        tools/deploy/check-manifest.sh -- ARGS...      publish once with these AppHost settings and check it
#        tools/deploy/check-manifest.sh --file FILE     check a manifest that already exists (the README's command
#                                                       writes AppHost/aspire-manifest.json: a relative path is the AppHost's)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)

# prints each finding as "manifest:line: what"; returns 1 when there is one
check() {
  local manifest=$1 found=0
  if [ ! -s "$manifest" ]; then
    echo "  $manifest: no manifest there (or empty)"
    return 1
  fi
  rule() { # rule WHAT REGEX
    local hits
    if hits=$(grep -nE -- "$2" "$manifest"); then
      while IFS= read -r hit; do echo "  $manifest:${hit%%:*}: $1: ${hit#*:}"; done <<< "$hits"
      found=1
    fi
  }
  rule "absolute or machine path" '(^|[^A-Za-z0-9_-])/(work|usr|root|tmp|home|opt|var|etc|srv|mnt)(/|"|$)'
  rule "drive-letter path" '"[A-Za-z]:(\\\\|/)'
  rule "local executable" '"executable\.v0"'
  rule "development password or key" 'probono-local|development-signing-key'
  # a password written into a connection string instead of a {parameter.value} placeholder
  rule "literal password in a connection string" '[Pp]assword=[^{;"]'
  rule "literal password in a URI" '://[^:/@"{]+:[^{@"/][^@"]*@'
  # an environment variable for a secret whose value is not a placeholder
  rule "literal secret in an environment variable" '"[A-Za-z_]*([Pp][Aa][Ss][Ss]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Kk][Ee][Yy])[A-Za-z_]*": "[^{"]'
  return $found
}

if [ "${1:-}" = --file ]; then
  check "$2" && echo "manifest OK: $2"
  exit
fi

# inside the repository, so the projects' paths are written relative to it (a temp dir elsewhere would give ../../work/...)
work=$(mktemp -d "$repo/.manifest-check.XXXXXX")
no_build=
trap 'rm -rf "$work"' EXIT

publish_and_check() { # publish_and_check NAME ARGS...
  local name=$1; shift
  local manifest="$work/$name.json"
  echo "publishing the manifest ($name): $*"
  if ! (cd "$repo" && dotnet run --project AppHost $no_build -- --publisher manifest --output-path "$manifest" "$@") > "$work/$name.log" 2>&1; then
    cat "$work/$name.log"
    echo "FAILED: publishing ($name) did not exit 0" >&2
    return 1
  fi
  no_build=--no-build # the AppHost is built once, by the first publish
  if check "$manifest"; then
    echo "  OK: $(grep -cE "\"type\": \"[a-z.]+\.v[0-9]+\"" "$manifest") resources, no machine path, executable or secret"
  else
    echo "FAILED: the manifest ($name) holds what a deployment must not see (above)" >&2
    return 1
  fi
}

if [ "${1:-}" = -- ]; then
  shift
  publish_and_check custom "$@"
  exit
fi

status=0
# the default; and local mode, whose servers are this machine's executables with a development password
publish_and_check connectionstrings || status=1
publish_and_check from-local-mode --Infra:Mode=local || status=1
publish_and_check containers --Infra:Publish=containers --Auth:Authority=https://login.example.org/ || status=1
exit $status
