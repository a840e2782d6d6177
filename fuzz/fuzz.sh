#!/usr/bin/env bash
# Runs one fuzz target in fuzzing mode (see FUZZING.md).
#   fuzz/fuzz.sh TARGET [EXECUTIONS] [DURATION]
# TARGET: ModelConfigFuzzTest | Hdf5WeightsFuzzTest | LoadPredictFuzzTest
# EXECUTIONS: stop after this many inputs (default 1000000); DURATION: or after this long (default 2h)
# The generated corpus goes to fuzz/.cifuzz-corpus/ (not committed); a crashing input is written to
# fuzz/src/test/resources/keras1j/fuzz/<TARGET>Inputs/<method>/, where `mvn verify` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/fuzz.sh TARGET [EXECUTIONS] [DURATION]}
export JAZZER_FUZZ=1
export JAZZER_MAX_EXECUTIONS=${2:-1000000}
export JAZZER_MAX_DURATION=${3:-2h}
export JAZZER_INSTRUMENTATION_INCLUDES='keras1j.**:io.jhdf.**:com.fasterxml.jackson.**'
exec mvn -B -ntp -pl fuzz -am verify -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsurefire.argLine="-Xmx512m -XX:+UseSerialGC"
