#!/usr/bin/env bash
# State transitions per second: a 1,000-state Pass chain and a Map of 1,000 items, on Sluice.Asl
# and on the aws-local-stepfunctions npm package, in the same run. Usage: benchmarks/asl/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

node --input-type=module -e "
import { passChain, map } from './definitions.mjs';
const m = map(1000);
const cases = [
  { name: 'pass-chain-1000', definition: passChain(1000), input: {}, transitionsPerRun: 1000 },
  // The Map state itself plus one Pass state per item.
  { name: 'map-1000', definition: m.definition, input: m.input, transitionsPerRun: 1001 },
];
process.stdout.write(JSON.stringify(cases));
" > "$work/cases.json"

(cd node && npm install --no-audit --no-fund --silent)
dotnet build AslBench -c Release -v q -nologo > /dev/null
dotnet AslBench/bin/Release/net10.0/Sluice.Asl.Bench.dll "$work/cases.json" "$seconds" | tee "$work/dotnet.jsonl"
node node/bench.mjs "$work/cases.json" "$seconds" | tee "$work/node.jsonl"

node --input-type=module -e "
import { readFileSync } from 'node:fs';
const read = f => readFileSync(f, 'utf8').trim().split('\n').map(JSON.parse);
const ours = read('$work/dotnet.jsonl'), theirs = read('$work/node.jsonl');
for (const o of ours) {
  const t = theirs.find(x => x.case === o.case);
  console.log(\`\${o.case}: Sluice.Asl \${o.perSecond.toFixed(0)}/s, aws-local-stepfunctions \${t.perSecond.toFixed(0)}/s, ratio \${(o.perSecond / t.perSecond).toFixed(2)}x\`);
}
"
