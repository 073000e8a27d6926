#!/usr/bin/env bash
# Runs the whole platform with Infra:Mode=containers under Podman, from the images built here (no registry, no pull).
# Usage: bash tools/containers/run-platform.sh   (Ctrl+C stops it; the containers go with it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/build-images.sh"
. "$here/podman-env.sh"
export ASPIRE_CONTAINER_RUNTIME=podman ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
exec dotnet run --project "$here/../../AppHost" --launch-profile http -- \
  --Infra:Mode=containers \
  --Infra:Containers:PostgresImage=localhost/probono-postgres --Infra:Containers:PostgresTag=15 \
  --Infra:Containers:RabbitMqImage=localhost/probono-rabbitmq --Infra:Containers:RabbitMqTag=3.10 \
  --Infra:Containers:Pull=false "$@"
