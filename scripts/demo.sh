#!/usr/bin/env bash
# Kept for old links: the demo is `sluice demo` now (docs/cli.md); arguments pass through (e.g. --count 200 --seed 7).
exec dotnet run --project "$(dirname "$0")/../src/Cli" -- demo "$@"
