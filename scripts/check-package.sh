#!/usr/bin/env bash
# Packs the component package and uses it as a stranger would: a fresh TypeScript
# program in a temporary directory installs the tarball next to the Pulumi SDKs of the
# peer ranges (at their lowest versions, then the newest they allow), type-checks
# against the shipped declarations strictly, and deploys OpenHands under mocks with
# outputs of its own resources as args. A misspelt closed value must not compile.
#
#   bash scripts/check-package.sh            both ends of the peer ranges
#   bash scripts/check-package.sh lowest     only the lowest versions
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ENDS=("${@:-lowest newest}")
read -r -a ENDS <<<"${ENDS[*]}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/openhands-package.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

npm run --silent build
tarball="$WORK/$(npm pack --silent --pack-destination "$WORK" | tail -1)"
echo "[package] packed $(basename "$tarball"): $(tar -tzf "$tarball" | wc -l) files"

TSC="$ROOT/node_modules/.bin/tsc"
node_types=$(node -p "require('./package.json').devDependencies['@types/node']")
for end in "${ENDS[@]}"; do
  dir="$WORK/consumer-$end"
  mkdir -p "$dir"
  # Peer ranges of the package: the lowest version each allows, or the newest it allows.
  deps=$(node -e '
    const peers = require(process.argv[1]).peerDependencies;
    const end = process.argv[2];
    const out = {};
    for (const [name, range] of Object.entries(peers)) out[name] = end === "lowest" ? range.replace(/^[\^~>=]+/, "") : range;
    console.log(JSON.stringify(out));' "$ROOT/package.json" "$end")
  node -e '
    const [dir, tarball, deps, nodeTypes] = process.argv.slice(1);
    const pkg = { name: "consumer", private: true, dependencies: { "@openhands-iac/openhands-k8s": `file:${tarball}`, ...JSON.parse(deps) },
      devDependencies: { "@types/node": nodeTypes } };
    require("fs").writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2));' "$dir" "$tarball" "$deps" "$node_types"
  cp tests/package/consumer.ts tests/package/typo.ts "$dir/"
  # The README's and docs/component.md's examples are compiled with the consumer, so docs that drift fail here.
  "$ROOT/node_modules/.bin/ts-node" --transpile-only scripts/readme-example.ts "$dir/examples"
  cat >"$dir/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "moduleResolution": "node", "strict": true,
  "esModuleInterop": true, "skipLibCheck": true, "outDir": "out", "types": ["node"] }, "include": ["consumer.ts", "examples/*.ts"] }
JSON
  echo "[package] $end: installing $(node -p "Object.entries($deps).map(([n, v]) => n + '@' + v).join(', ')")"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  echo "[package] $end: installed $(cd "$dir" && node -p "['@pulumi/pulumi','@pulumi/kubernetes','@pulumi/gcp'].map((n) => n + '@' + require(n + '/package.json').version).join(', ')")"
  (cd "$dir" && "$TSC" -p tsconfig.json)
  echo "[package] $end: the consumer and the docs' examples ($(ls "$dir/examples" | wc -l) files) compile strictly against the shipped declarations"
  if (cd "$dir" && "$TSC" --noEmit --strict --esModuleInterop --skipLibCheck --types node typo.ts >"$dir/typo.log" 2>&1); then
    echo "[package] $end: a misspelt platform compiled; the closed sets are not typed"; exit 1
  fi
  grep -q "openshfit" "$dir/typo.log" || { cat "$dir/typo.log"; exit 1; }
  echo "[package] $end: a misspelt platform is a compile error, as it should be"
  (cd "$dir" && node out/consumer.js)
done

# @pulumi/gcp is an optional peer: an OpenShift consumer installs the other two SDKs only.
dir="$WORK/consumer-openshift-only"
mkdir -p "$dir"
node -e '
  const [dir, tarball, root] = process.argv.slice(1);
  const peers = require(`${root}/package.json`).peerDependencies;
  const dev = require(`${root}/package.json`).devDependencies;
  const pkg = { name: "consumer-openshift-only", private: true, dependencies: {
    "@openhands-iac/openhands-k8s": `file:${tarball}`,
    "@pulumi/pulumi": peers["@pulumi/pulumi"], "@pulumi/kubernetes": peers["@pulumi/kubernetes"] },
    devDependencies: { "@types/node": dev["@types/node"] } };
  require("fs").writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2));' "$dir" "$tarball" "$ROOT"
cp tests/package/openshift-only.ts "$dir/"
cat >"$dir/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "moduleResolution": "node", "strict": true,
  "esModuleInterop": true, "skipLibCheck": true, "outDir": "out", "types": ["node"] }, "files": ["openshift-only.ts"] }
JSON
echo "[package] openshift-only: installing without @pulumi/gcp"
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
(cd "$dir" && "$TSC" -p tsconfig.json)
(cd "$dir" && node out/openshift-only.js)
