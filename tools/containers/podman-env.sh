# Source me:  . tools/containers/podman-env.sh
# Points podman (and the API socket) at this folder's config, without touching system-wide config.
_probono_ct_dir="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"
export PROBONO_CT_HOME="${PROBONO_CT_HOME:-/var/lib/probono-containers}"
export CONTAINERS_CONF="$_probono_ct_dir/containers.conf"
export CONTAINERS_STORAGE_CONF="$_probono_ct_dir/storage.conf"
export PROBONO_PODMAN_SOCK="$PROBONO_CT_HOME/podman.sock"
# For Testcontainers (after `podman-socket.sh start`):
export PROBONO_DOCKER_HOST="unix://$PROBONO_PODMAN_SOCK"
export PROBONO_POSTGRES_IMAGE="localhost/probono-postgres:15"
export PROBONO_RABBITMQ_IMAGE="localhost/probono-rabbitmq:3.10"
mkdir -p "$PROBONO_CT_HOME" 2>/dev/null || true
unset _probono_ct_dir
