# shellcheck shell=bash
# Puts Node.js 24 first on PATH in the current shell when the machine's Node is
# older, the way a CI's setup-node step would:
#
#   source scripts/use-node.sh
#
# The exact version comes from the npm registry (the package node-<os>-<arch>,
# whose tarball holds bin/node) and is unpacked once into .ci/.node/<version>
# (ignored by git). npm is the machine's own, running under the new node.
# Works in bash and zsh, and under `set -euo pipefail` (.ci/run sources it).

KVALITETSLOOP_NODE_VERSION=24.22.3

__kvalitetsloop_use_node() {
  local wanted="$KVALITETSLOOP_NODE_VERSION" major="${KVALITETSLOOP_NODE_VERSION%%.*}"
  local root current os arch pkg dir tmp tgz
  if [ -n "${BASH_SOURCE:-}" ]; then root="${BASH_SOURCE[0]}"; else root="$1"; fi
  root="$(cd "$(dirname "$root")/.." && pwd)" || return 1

  current="$(node --version 2>/dev/null || true)"
  current="${current#v}"
  # 24.9 is the oldest Node whose vm module lets Jest load the ES-module-only
  # packages (NestJS 12) as they are; see jest.config.js.
  if [ -n "$current" ] && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 24 || (a === 24 && b >= 9) ? 0 : 1)' 2>/dev/null; then
    echo "Node $current er allerede på PATH." >&2
    return 0
  fi

  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "Fejl: scripts/use-node.sh kender ikke styresystemet $(uname -s); installér Node $major selv (fx med nvm: nvm use)." >&2; return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "Fejl: scripts/use-node.sh kender ikke processoren $(uname -m); installér Node $major selv (fx med nvm: nvm use)." >&2; return 1 ;;
  esac
  pkg="node-$os-$arch"
  dir="$root/.ci/.node/$wanted-$os-$arch"

  if [ ! -x "$dir/bin/node" ]; then
    echo "Henter Node $wanted ($pkg fra npm-registret) til ${dir#"$root"/} …" >&2
    mkdir -p "$root/.ci/.node" || return 1
    tmp="$(mktemp -d "$root/.ci/.node/.download.XXXXXX")" || return 1
    if ! tgz="$(cd "$tmp" && npm pack --silent "$pkg@$wanted")"; then
      rm -rf "$tmp"
      echo "Fejl: kunne ikke hente $pkg@$wanted fra npm-registret; tjek netværket eller npm's registry-indstilling." >&2
      return 1
    fi
    mkdir -p "$tmp/node" &&
      tar -xzf "$tmp/$tgz" -C "$tmp/node" --strip-components=1 package/bin/node package/LICENSE || { rm -rf "$tmp"; return 1; }
    # Unpacked beside its final place and renamed: two runs at once never see half a node.
    mv "$tmp/node" "$dir" 2>/dev/null || [ -x "$dir/bin/node" ] || { rm -rf "$tmp"; return 1; }
    rm -rf "$tmp"
  fi

  PATH="$dir/bin:$PATH"
  export PATH
  hash -r 2>/dev/null || true
  echo "Bruger Node $(node --version) fra ${dir#"$root"/}/bin (maskinens Node var ${current:-ikke installeret})." >&2
}

if [ -n "${BASH_SOURCE:-}" ] && [ "${BASH_SOURCE[0]}" = "$0" ]; then
  echo "Fejl: scripts/use-node.sh ændrer PATH i den skal, der kører den; brug: source scripts/use-node.sh" >&2
  exit 1
fi
__kvalitetsloop_use_node "$0"
__kvalitetsloop_status=$?
unset -f __kvalitetsloop_use_node
# `return` when sourced (the point of the script), `exit` when run as a program.
return "$__kvalitetsloop_status" 2>/dev/null || exit "$__kvalitetsloop_status"
