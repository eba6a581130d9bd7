#!/usr/bin/env bash
# Installs the real reverse proxy that `npm run test:proxy` runs: Debian's `nginx` package,
# pinned to one major.minor release line. Run as root on Debian (CI does, in .ci/run).
#
#   bash scripts/proxy/install-nginx.sh            install (or keep) nginx of the pinned line
#   bash scripts/proxy/install-nginx.sh --print    print the pinned line and exit
#
# The pod runs the unprivileged nginx image (nginx 1.28); Debian 12 ships 1.22. The generated
# configuration uses only directives both understand, and the tests prove it on this binary.
# A different line available from apt is refused, not installed: bump NGINX_LINE on purpose.
set -euo pipefail

# The pinned nginx release line (major.minor) and the Debian package that carries the binary.
NGINX_LINE=1.22
PACKAGE=nginx

if [[ "${1:-}" == "--print" ]]; then echo "$NGINX_LINE"; exit 0; fi

# The version line of an nginx binary ("1.22.1" from "nginx version: nginx/1.22.1").
binary_version() { "$1" -v 2>&1 | sed -n 's|^nginx version: nginx/\([0-9.]*\).*|\1|p'; }

if [[ -x /usr/sbin/nginx ]]; then
  have=$(binary_version /usr/sbin/nginx)
  if [[ "$have" == "$NGINX_LINE".* ]]; then
    echo "nginx $have already installed (pinned line $NGINX_LINE): nothing to do"
    exit 0
  fi
  echo "nginx $have is installed but the pinned line is $NGINX_LINE: installing the pinned one" >&2
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-nginx: must run as root (apt-get); nginx $NGINX_LINE is not installed" >&2
  exit 1
fi
command -v apt-get >/dev/null || { echo "install-nginx: apt-get not found: this script needs Debian" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

candidate=$(apt-cache policy "$PACKAGE" | sed -n 's/^ *Candidate: *//p')
if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
  echo "install-nginx: apt offers no '$PACKAGE' package" >&2
  exit 1
fi
# Debian versions look like [epoch:]1.22.1-9+deb12u7: compare the upstream part's major.minor.
upstream=${candidate#*:}
if [[ "$upstream" != "$NGINX_LINE".* ]]; then
  echo "install-nginx: apt offers $PACKAGE $candidate, but the pinned line is $NGINX_LINE." >&2
  echo "  Check that the generated configuration still works with it, then change NGINX_LINE." >&2
  exit 1
fi

# Installing the package would start its own nginx service on port 80. Debian's
# invoke-rc.d policy hook says no while this runs (containers usually have one already).
policy=/usr/sbin/policy-rc.d
made_policy=
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\n# written by install-nginx.sh while apt runs: start no services\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  made_policy=1
fi
cleanup() { if [[ -n "$made_policy" ]]; then rm -f "$policy"; fi; }
trap cleanup EXIT

apt-get install -y -qq --no-install-recommends "$PACKAGE=$candidate"

have=$(binary_version /usr/sbin/nginx)
if [[ "$have" != "$NGINX_LINE".* ]]; then
  echo "install-nginx: installed $PACKAGE $candidate but /usr/sbin/nginx reports '$have'" >&2
  exit 1
fi
echo "nginx $have installed ($PACKAGE $candidate, pinned line $NGINX_LINE)"
