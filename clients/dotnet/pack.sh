#!/usr/bin/env bash
# Packs ProBono.Client (Release) into a folder and checks the package: the assembly, its XML docs and the readme
# inside, and the API's version (OpenApiSetup.ApiVersion, ServiceDefaults/Core/Http/OpenApiSetup.cs) in its name and
# its nuspec.
# Usage: clients/dotnet/pack.sh [output folder, default $TMPDIR/probono-client-package]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath -m "${1:-${TMPDIR:-/tmp}/probono-client-package}")
rm -rf "$out"
version=$(dotnet msbuild clients/dotnet/ProBono.Client.csproj -getProperty:Version)
dotnet pack clients/dotnet -c Release -o "$out"
package=$out/ProBono.Client.$version.nupkg
fail() { echo "ProBono.Client package: $*" >&2; exit 1; }
[ -f "$package" ] || fail "no $package (the folder holds: $(ls "$out"))"
listing=$(unzip -Z1 "$package")
for entry in lib/net10.0/ProBono.Client.dll lib/net10.0/ProBono.Client.xml README.md; do
  grep -qx "$entry" <<<"$listing" || fail "$entry is not in $package"
done
nuspec=$(unzip -p "$package" ProBono.Client.nuspec)
grep -q "<version>$version</version>" <<<"$nuspec" || fail "its nuspec does not say version $version"
grep -q '<license type="expression">' <<<"$nuspec" || fail "its nuspec names no licence expression"
echo "ProBono.Client $version: $package holds the assembly, its XML docs and the readme"
