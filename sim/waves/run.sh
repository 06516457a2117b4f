#!/bin/sh
# sim/waves/run.sh TEST WAVES_DIR [vitest args…]: re-run the tests TEST selects with FST
# tracing into WAVES_DIR and print the waveform files (see sim/waves.mk).
set -u
test_sel=$1
dir=$2
shift 2
if [ -z "$test_sel" ]; then
  echo "usage: make waves TEST=<vitest test name pattern | test file pattern> [WAVES_DIR=dir]" >&2
  exit 2
fi
mkdir -p "$dir"
rm -f "$dir"/*.fst "$dir"/*.fst.hier
# A pattern found in a test file path selects files; anything else is a test-name pattern.
if find test -name '*.test.ts' | grep -qF -- "$test_sel"; then
  set -- "$test_sel" "$@"
  what="test files matching '$test_sel'"
else
  set -- -t "$test_sel" "$@"
  what="tests named like '$test_sel'"
fi
echo "waves: running $what with FST tracing into $dir"
VCRYPTO_TRACE="$dir" npx vitest run --config sim/waves/vitest.config.ts "$@"
status=$?
n=$(ls "$dir"/*.fst 2>/dev/null | wc -l)
if [ "$n" = 0 ]; then
  echo "waves: no waveform written (no test ran the simulator, or the pattern matched nothing)" >&2
  exit 1
fi
echo "waves: $n waveform(s):"
ls -1 "$dir"/*.fst | sed 's/^/  /'
[ "$status" = 0 ] || echo "waves: vitest exit status $status"
exit $status
