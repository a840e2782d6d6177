#!/usr/bin/env bash
# The performance check of issue 8 in one run: the kernel benchmark (GFLOP/s against the FMA peak
# probe, JMH) and the Java engine against ONNX Runtime with calls interleaved on the issue's models,
# on every JDK given (default: JDK 17 and JDK 25). About 4 minutes per JDK on 2 cores.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/run-perf-check.sh [--no-build] [--quick] [--out FILE] [--jdk JAVA_HOME]... [CONFIG...]

  CONFIG     model:batch:threads for the interleaved comparison (default: the issue's set,
             vgg16:1:1 vgg16_blocks12:8:1 resnet50:1:1 resnet50:1:2 mnist_cnn_th:32:1 mnist_cnn_th:32:2)
  --jdk DIR  a JDK to run on (repeatable; default: $JAVA_HOME or the java on PATH, then
             /usr/lib/jvm/temurin-25-jdk-amd64 if present)
  --quick    smoke check: one JMH iteration per kernel, 3 rounds, 1 s warm-up
  --out FILE markdown results (default: bench/target/perf-check.md, replaced)
  --no-build reuse the last build of the bench module
  --no-thp   run the JVMs without transparent huge pages (by default they get them, as from the
             keras1j launchers, where the kernel offers them; ONNX Runtime's allocations are then
             offered them too, through glibc's malloc tunable)
USAGE
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=1
thp=1
quick=""
out="$root/bench/target/perf-check.md"
jdks=()
configs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build="" ;;
    --no-thp) thp="" ;;
    --quick) quick=1 ;;
    --out) out="$2"; shift ;;
    --jdk) jdks+=("$2"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) configs+=("$1") ;;
  esac
  shift
done
if [ ${#jdks[@]} -eq 0 ]; then
  if [ -n "${JAVA_HOME:-}" ]; then jdks+=("$JAVA_HOME"); else jdks+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && jdks+=(/usr/lib/jvm/temurin-25-jdk-amd64)
fi
if [ ${#configs[@]} -eq 0 ]; then
  configs=(vgg16:1:1 vgg16_blocks12:8:1 resnet50:1:1 resnet50:1:2 mnist_cnn_th:32:1 mnist_cnn_th:32:2)
fi
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

cd "$root"
if [ -n "$build" ]; then
  echo "perf-check: building the bench module..." >&2
  ${MVN:-mvn} -q -B -ntp ${MVN_ARGS:-} -DskipTests -pl bench -am package
fi
cp="$root/bench/target/classes:$(cat bench/target/classpath.txt)"
jmh=(-wi 3 -w 1s -i 5 -r 1s)
alt=(--rounds 11 --min-seconds 20 --warmup 5)
if [ -n "$quick" ]; then
  jmh=(-wi 1 -w 200ms -i 1 -r 500ms)
  alt=(--rounds 3 --warmup 1)
fi

# huge pages for both engines when the kernel offers them (see --no-thp)
jvm_thp=()
thp_note="transparent huge pages: off"
if [ -n "$thp" ] && grep -qs '\[always\]\|\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled; then
  jvm_thp=(-XX:+UseTransparentHugePages)
  export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
  thp_note="transparent huge pages: on (JVM heap -XX:+UseTransparentHugePages; glibc.malloc.hugetlb=1 for native allocations)"
fi

mkdir -p "$(dirname "$out")"
{
  echo "# Performance check ($(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) logical processors;" \
    "load at start: $(cut -d' ' -f1-3 /proc/loadavg); $thp_note"
  echo
} > "$out"
for jdk in "${jdks[@]}"; do
  java="$jdk/bin/java"
  echo "perf-check: $("$java" -version 2>&1 | head -n 1)" >&2
  echo "## $("$java" -version 2>&1 | head -n 1)" >> "$out"
  echo >> "$out"
  echo "### Kernels (JMH, one thread)" >> "$out"
  echo >> "$out"
  json="$root/bench/target/kernel-$(basename "$jdk").json"
  jmh_jvm=()
  # the benchmark forks ask for huge pages themselves (EngineBenchmark.HUGE_PAGES); --no-thp overrides
  [ ${#jvm_thp[@]} -eq 0 ] && jmh_jvm=(-jvmArgsAppend "-Xmx6g --add-modules=jdk.incubator.vector -XX:-UseTransparentHugePages")
  "$java" -cp "$cp" org.openjdk.jmh.Main "${jmh_jvm[@]}" -rf json -rff "$json" "${jmh[@]}" KernelBenchmark
  "$java" --add-modules=jdk.incubator.vector -cp "$cp" keras1j.bench.report.KernelReport "$json" "$out"
  echo "### Java engine against ONNX Runtime, calls interleaved" >> "$out"
  echo >> "$out"
  # one JVM per configuration: each meets both engines fresh (ONNX Runtime measured 10-15% slower on
  # ResNet50 after the VGG16 sessions of the same process, which flattered the Java/ORT ratio)
  first=1
  for config in "${configs[@]}"; do
    rows=()
    [ -z "$first" ] && rows=(--rows-only)
    "$java" -Xmx6g "${jvm_thp[@]}" --add-modules=jdk.incubator.vector -cp "$cp" -Dkeras1j.root="$root" \
      keras1j.bench.Alternating "${alt[@]}" --out "$out" "${rows[@]}" "$config"
    first=""
  done
  echo >> "$out"
  echo "(each row in a JVM of its own)" >> "$out"
  echo >> "$out"
done
echo "perf-check: results in $out" >&2
