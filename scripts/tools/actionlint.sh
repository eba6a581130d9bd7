#!/usr/bin/env bash
# Builds actionlint (the GitHub Actions workflow linter) from its Go module at a pinned
# version, into a cache outside the work tree, and runs it.
#
#   scripts/tools/actionlint.sh                 lint .github/workflows/*.yml (build first if needed)
#   scripts/tools/actionlint.sh <file>...       lint these workflow files
#   scripts/tools/actionlint.sh --selftest      prove it fails: lint broken copies of the workflows
#                                               (each must fail, naming its mistake) and an intact copy
#                                               (must pass), in a temporary directory
#   scripts/tools/actionlint.sh --print-bin     print the binary's path; exit 0 only if it is built
#
# The binary lands in ${OPENHANDS_TOOLS_CACHE:-$HOME/.cache/openhands-tools}/actionlint-<version>-<go version>/,
# so a new version or Go release gives a fresh directory and a warm machine builds nothing.
# `go install module@version` builds from the module proxy, checked against the module's own
# go.sum and the checksum database; nothing in the repository's go.mod files is involved.
#
# shellcheck and pyflakes integration is switched off, so the result does not depend on
# what else happens to be installed on the machine.
set -euo pipefail

ACTIONLINT_VERSION=v1.7.12
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() { printf '[actionlint] ERROR: %s\n' "$*" >&2; exit 1; }
command -v go >/dev/null || die "go is not on PATH; actionlint is built from its Go module"

CACHE_ROOT="${OPENHANDS_TOOLS_CACHE:-$HOME/.cache/openhands-tools}"
DIR="$CACHE_ROOT/actionlint-$ACTIONLINT_VERSION-$(go env GOVERSION)"
BIN="$DIR/actionlint"

if [[ "${1:-}" == "--print-bin" ]]; then
  echo "$BIN"
  [[ -x "$BIN" ]]
  exit $?
fi

if [[ ! -x "$BIN" ]]; then
  printf '[actionlint] building github.com/rhysd/actionlint/cmd/actionlint@%s\n' "$ACTIONLINT_VERSION" >&2
  started=$SECONDS
  mkdir -p "$DIR"
  # Build into a scratch directory and move the binary into place, so an interrupted build
  # never leaves a half-written binary behind that would count as built.
  scratch=$(mktemp -d "$DIR/build.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
  CGO_ENABLED=0 GOBIN="$scratch" GOFLAGS="-trimpath -buildvcs=false" \
    go install -ldflags "-s -w" \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  mv "$scratch/actionlint" "$BIN"
  printf '[actionlint] built in %ss: %s\n' "$((SECONDS - started))" "$BIN" >&2
fi

cd "$ROOT"
printf '[actionlint] %s (%s)\n' "$("$BIN" -version | head -1)" "$BIN"
lint() { "$BIN" -shellcheck= -pyflakes= "$@"; }

if [[ "${1:-}" == "--selftest" ]]; then
  source=.github/workflows/preview.yml
  [[ -f "$source" ]] || die "$source is missing"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/actionlint-selftest.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  passed=0 failed=0
  # case <name> <sed expression that breaks the file> <text actionlint must report>
  case_() {
    local name=$1 edit=$2 expect=$3 file="$tmp/$1.yml" out
    sed -e "$edit" "$source" >"$file"
    if cmp -s "$file" "$source"; then
      echo "FAIL $name: the edit changed nothing, so it proves nothing"; failed=$((failed + 1)); return
    fi
    if out=$(lint "$file" 2>&1); then
      echo "FAIL $name: actionlint accepted the broken workflow"; failed=$((failed + 1))
    elif grep -qF -- "$expect" <<<"$out"; then
      echo "ok   $name: refused ($(grep -F -- "$expect" <<<"$out" | head -1 | sed 's/^[^:]*:[0-9]*:[0-9]*: //'))"
      passed=$((passed + 1))
    else
      echo "FAIL $name: refused, but without '$expect':"; echo "$out"; failed=$((failed + 1))
    fi
  }
  cp "$source" "$tmp/intact.yml"
  if out=$(lint "$tmp/intact.yml" 2>&1); then
    echo "ok   intact copy: accepted"; passed=$((passed + 1))
  else
    echo "FAIL intact copy: refused:"; echo "$out"; failed=$((failed + 1))
  fi
  case_ misspelt-key 's/runs-on:/runs_on:/' 'unexpected key "runs_on"'
  case_ unknown-matrix-property 's/stack-name: ${{ matrix.stack }}/stack-name: ${{ matrix.stak }}/' 'property "stak" is not defined'
  case_ unknown-permission 's/pull-requests: write/pull-request: write/' 'unknown permission scope "pull-request"'
  case_ unclosed-expression 's/${{ matrix.config-map }}/${{ matrix.config-map }/' 'unexpected EOF while lexing end marker'
  case_ unknown-event 's/^  pull_request:/  pull_requests:/' 'unknown Webhook event "pull_requests"'
  echo "actionlint selftest: $passed passed, $failed failed"
  ((failed == 0))
  exit $?
fi

if (($# == 0)); then
  shopt -s nullglob
  files=(.github/workflows/*.yml .github/workflows/*.yaml)
  ((${#files[@]})) || die "no workflow files under .github/workflows"
  set -- "${files[@]}"
fi
lint "$@"
