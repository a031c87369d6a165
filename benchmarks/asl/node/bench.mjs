// Usage: node bench.mjs <definitions.json> <seconds>. Prints one JSON line per case:
// {"engine":"aws-local-stepfunctions","case":...,"transitions":...,"seconds":...,"perSecond":...}
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';

const [file, secondsArg] = process.argv.slice(2);
const budget = Number(secondsArg ?? '5');
const cases = JSON.parse(readFileSync(file, 'utf8'));

for (const c of cases) {
  const machine = new StateMachine(c.definition, { validationOptions: { checkPaths: false } });
  // Warm-up, the same rule as AslBench: at least 3 runs and 1 second.
  const warm = process.hrtime.bigint();
  for (let i = 0; i < 3 || Number(process.hrtime.bigint() - warm) / 1e9 < 1; i++) await machine.run(c.input).result;
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < budget) {
    await machine.run(c.input).result;
    runs++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const transitions = runs * c.transitionsPerRun;
  console.log(JSON.stringify({ engine: 'aws-local-stepfunctions', case: c.name, runs, transitions, seconds: elapsed, perSecond: transitions / elapsed }));
}
