#!/usr/bin/env bash
# Installs the system packages the project needs, idempotently. Safe to run on every `make`.
# Usage: scripts/deps.sh [postgres] [browser] [load]
set -euo pipefail

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(postgres)

pkgs=()
for w in "${want[@]}"; do
  case "$w" in
    postgres)
      ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || pkgs+=(postgresql)
      ls /usr/share/postgresql/*/extension/ltree.control >/dev/null 2>&1 || pkgs+=(postgresql-contrib)
      command -v pgbench >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 || pkgs+=(postgresql-contrib)
      ;;
    browser)
      command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
      ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || pkgs+=(fonts-noto-cjk)
      ;;
    load)
      command -v wrk >/dev/null 2>&1 || pkgs+=(wrk)
      ;;
    proxy)
      command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || pkgs+=(nginx)
      command -v curl >/dev/null 2>&1 || pkgs+=(curl)
      ;;
    *) echo "deps.sh: unknown group $w" >&2; exit 2 ;;
  esac
done

[ ${#pkgs[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing system packages: ${pkgs[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# policy-rc.d keeps the Debian postgresql package from starting its own cluster; ours lives under .data/.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
