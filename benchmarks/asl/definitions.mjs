// The two benchmark definitions, shared by the .NET and the Node runner (written out as JSON by run.sh).
export function passChain(n) {
  const states = {};
  for (let i = 0; i < n; i++) {
    states[`S${i}`] = i === n - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `S${i + 1}` };
  }
  return { StartAt: 'S0', States: states };
}

export function map(n) {
  return {
    definition: {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    },
    input: { items: Array.from({ length: n }, (_, i) => i) },
  };
}
