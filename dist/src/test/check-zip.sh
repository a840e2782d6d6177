#!/usr/bin/env bash
# Checks the distribution archive as a user gets it: unzips it into a temporary folder, puts a
# symlink to bin/keras1j into another folder on PATH, and runs it from a third folder. Every run must
# succeed with nothing on stderr (no JVM warnings: incubator module, native access, sun.misc.Unsafe).
# Usage: check-zip.sh KERAS1J-VERSION.zip VERSION FIXTURE_DIR (a folder with model.h5 and io.h5)
# JDKs: the java on PATH (or JAVA_HOME); set KERAS1J_CHECK_JDKS="/path/jdk1 /path/jdk2" to check others too.
set -euo pipefail
zip="$1"; version="$2"; fixture="$(cd "$3" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/unpacked" "$tmp/path-bin" "$tmp/work"
if command -v unzip >/dev/null 2>&1; then
  (cd "$tmp/unpacked" && unzip -q "$zip")
else
  # no unzip on this machine: the JDK's jar tool extracts, but drops the file modes (set them as unzip would)
  (cd "$tmp/unpacked" && jar xf "$zip" && chmod +x "keras1j-$version/bin/keras1j")
fi
launcher="$tmp/unpacked/keras1j-$version/bin/keras1j"
[ -x "$launcher" ] || { echo "check-zip: $launcher missing or not executable" >&2; exit 1; }
ls "$tmp/unpacked/keras1j-$version/lib/"keras1j-cli-*.jar >/dev/null
ln -s "$launcher" "$tmp/path-bin/keras1j"
# a relative symlink to the symlink, as package managers make them
ln -s keras1j "$tmp/path-bin/k1j"

check() { # expected-exit-code expected-stdout-substring command...
  local want="$1" text="$2"; shift 2
  local out err code=0
  out="$(cd "$tmp/work" && "$@" 2>"$tmp/err")" || code=$?
  err="$(cat "$tmp/err")"
  if [ "$code" != "$want" ]; then
    echo "check-zip: '$*' exited $code, expected $want; stderr: $err" >&2; exit 1
  fi
  if [[ "$out" != *"$text"* ]]; then
    echo "check-zip: '$*' printed no '$text':" >&2; echo "$out" >&2; exit 1
  fi
  if [ -n "$err" ] && [ "$want" = 0 ]; then
    echo "check-zip: '$*' wrote to stderr:" >&2; echo "$err" >&2; exit 1
  fi
}

run_all() { # label
  echo "check-zip: $1"
  check 0 "keras1j $version" env PATH="$tmp/path-bin:$PATH" keras1j --version
  check 0 "Usage: keras1j" env PATH="$tmp/path-bin:$PATH" k1j --help
  check 0 "Total params: 1,313" env PATH="$tmp/path-bin:$PATH" keras1j summary "$fixture/model.h5"
  check 0 "PASS" env PATH="$tmp/path-bin:$PATH" keras1j verify "$fixture/model.h5" --io "$fixture/io.h5" \
    --engine onnxruntime --threads 1
  check 0 "wrote" env PATH="$tmp/path-bin:$PATH" keras1j export "$fixture/model.h5" --onnx "$tmp/work/m.onnx"
  check 2 "" env PATH="$tmp/path-bin:$PATH" keras1j summary "$fixture/model.h5" --threads 0
  [ "$(wc -l < "$tmp/err")" = 1 ] || { echo "check-zip: a usage error took more than one line:" >&2; cat "$tmp/err" >&2; exit 1; }
}

run_all "java on PATH ($(java -version 2>&1 | head -n 1))"
for jdk in ${KERAS1J_CHECK_JDKS:-}; do
  JAVA_HOME="$jdk" run_all "JAVA_HOME=$jdk"
done
echo "check-zip: OK"
