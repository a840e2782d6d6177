#!/usr/bin/env bash
# Runs the JMH benchmarks (Java engine against ONNX Runtime) and writes BENCHMARKS.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run-benchmarks.sh [--quick] [--out FILE] [--no-build] [-- JMH_ARGS...]

Builds the bench module, runs every EngineBenchmark with JMH (JSON results in
bench/target/jmh-result.json) and writes the report (default: BENCHMARKS.md at the repository root).
The full run (96 configurations) takes about 15 minutes on 2 cores; run it on an otherwise idle
machine.

  --quick      smoke check: batch 1 and 1 thread only, one 200 ms warm-up and one 200 ms measured
               iteration per row (under a minute); the report is marked as such and goes to
               bench/target/BENCHMARKS-quick.md unless --out is given
  --out FILE   where to write the report
  --no-build   reuse the last build of the bench module
  JMH_ARGS     passed to JMH after the script's own options, e.g. a benchmark class regex
               (FixtureCnn, MidsizeModel, LargeModel), -p batch=32, or -p model=ID together with
               the regex of the one class that runs that model (JMH applies -p to every class)

Environment:
  JAVA         java executable that runs JMH and the benchmark JVMs
  JAVA_HOME    JDK used for the build and, unless JAVA is set, to run (e.g.
               JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)
  MVN          Maven command (default: mvn); MVN_ARGS: extra Maven arguments (e.g. -o)
EOF
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quick=""
out=""
build=1
jmh_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --out)
      [ $# -ge 2 ] || { echo "run-benchmarks: --out needs a file" >&2; exit 2; }
      out="$2"; shift ;;
    --out=*) out="${1#--out=}" ;;
    --no-build) build="" ;;
    -h|--help) usage; exit 0 ;;
    --) shift; jmh_args=("$@"); break ;;
    *) echo "run-benchmarks: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if [ -n "${JAVA:-}" ]; then
  java="$JAVA"
elif [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  java="java"
fi
command -v "$java" >/dev/null 2>&1 || { echo "run-benchmarks: no java at '$java' (set JAVA or JAVA_HOME)" >&2; exit 2; }

if [ -z "$out" ]; then
  if [ -n "$quick" ]; then out="$root/bench/target/BENCHMARKS-quick.md"; else out="$root/BENCHMARKS.md"; fi
fi
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

cd "$root"
if [ -n "$build" ]; then
  echo "run-benchmarks: building the bench module..." >&2
  # shellcheck disable=SC2086
  ${MVN:-mvn} -q -B -ntp ${MVN_ARGS:-} -DskipTests -pl bench -am package
fi
[ -f bench/target/classpath.txt ] || { echo "run-benchmarks: bench/target/classpath.txt missing; build first" >&2; exit 2; }
cp="$root/bench/target/classes:$(cat bench/target/classpath.txt)"

result="bench/target/jmh-result.json"
settings=()
report_flags=()
if [ -n "$quick" ]; then
  settings=(-wi 1 -w 200ms -i 1 -r 200ms -p batch=1 -p threads=1)
  report_flags=(--quick)
fi
rm -f "$result"
echo "run-benchmarks: $("$java" -version 2>&1 | head -n 1); results in $result" >&2
# KernelBenchmark has no engine parameters: it runs in bench/run-perf-check.sh, with its own report
if [ ${#jmh_args[@]} -eq 0 ]; then jmh_args=(-e KernelBenchmark); fi
"$java" -cp "$cp" org.openjdk.jmh.Main -rf json -rff "$result" ${settings[@]+"${settings[@]}"} \
  ${jmh_args[@]+"${jmh_args[@]}"}
# started like the benchmark JVMs (Vector API module), so the report can name the Java engine's SGEMM
"$java" --add-modules=jdk.incubator.vector -cp "$cp" keras1j.bench.report.BenchmarksReport "$result" "$out" ${report_flags[@]+"${report_flags[@]}"}
