#!/usr/bin/env bash
# Runs one libFuzzer target for a while: scripts/fuzz.sh TARGET SECONDS [JOBS]
#   TARGET: unified-diff, config, suppression-baseline, compile-db, sql, facts-file, or all
# Builds the targets with clang-19 in build-fuzz (instrumented for coverage, ASan, UBSan),
# seeds each corpus from testdata/ and rules/, and keeps the corpus in build-fuzz/corpus.
# A crash leaves its input in build-fuzz/crashes/TARGET and makes the exit code non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh TARGET SECONDS}"
seconds="${2:?usage: scripts/fuzz.sh TARGET SECONDS}"
build="${RISKGATE_FUZZ_BUILD_DIR:-build-fuzz}"
all=(unified-diff config suppression-baseline compile-db sql facts-file)

scripts/setup.sh libclang-rt-19-dev
if [ ! -f "$build/build.ninja" ]; then
  echo "==> fuzz: configuring $build (clang-19, -fsanitize=fuzzer)"
  CC=clang-19 CXX=clang++-19 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRISKGATE_FUZZ=ON -DRISKGATE_TESTS=OFF >/dev/null
fi
targets=("$target")
[ "$target" = all ] && targets=("${all[@]}")
echo "==> fuzz: building ${targets[*]}"
cmake --build "$build" --target "${targets[@]/#/fuzz-}"

seed() { # seed TARGET DIR: copies testdata inputs of the kind the target reads
  local t=$1 d=$2
  case $t in
    unified-diff) find testdata -name '*.patch' -exec cp {} "$d/" \;
                  git log -p -n 20 --format= 2>/dev/null | split -l 400 - "$d/git-log-" || true ;;
    config) for f in $(find testdata -name '.riskgate.yaml') rules/*.yaml; do
              case $f in rules/*) printf '\001' ;; *) printf '\000' ;; esac > "$d/$(echo "$f" | tr / _)"
              cat "$f" >> "$d/$(echo "$f" | tr / _)"; done ;;
    suppression-baseline) grep -rhoE '(riskgate-ignore|NOLINT)[^"]*$' analyzer testdata | head -200 |
                            split -l 1 - "$d/suppression-" || true
                          printf '\001{"version": 1, "findings": [{"fingerprint": "ab", "rule": "n-plus-one", "line": 3}]}' > "$d/baseline" ;;
    compile-db) printf '[{"directory":"/tmp","file":"a.cpp","arguments":["c++","-std=c++17","-I/usr/include/postgresql","-fbracket-depth=9","-c","a.cpp"]}]' > "$d/args.json"
                printf '[{"directory":"/tmp","file":"a.cpp","command":"clang++ -Iinc -DX=1 --driver-mode=cl /FIx -c a.cpp"}]' > "$d/command.json" ;;
    facts-file) # facts of a few testdata units, by the release build when there is one
                local bin=${RISKGATE_BIN:-build/riskgate} pq
                pq=$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
                if [ -x "$bin" ]; then
                  for f in testdata/n-plus-one/*.cpp testdata/dynamic-sql/*.cpp; do
                    "$bin" extract -q --root "$PWD" -o "$d/$(basename "$f").facts" "$f" -- \
                      -std=c++17 "-I$pq" -Ianalyzer/include 2>/dev/null || true
                  done
                fi
                local version schema
                version=$(sed -n 's/^project(riskgate VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
                schema=$(sed -n 's/.*SchemaVersion = \([0-9]*\);.*/\1/p' analyzer/index/FactIndex.h)
                printf '{"format":"riskgate-facts","formatVersion":1,"tool":"riskgate %s (facts schema %s)","packs":"0","unit":"a.cpp","inputs":{"a.cpp":"0"},"functions":[{"usr":"c:@F@f#","name":"f","loc":["a.cpp",1,1],"loops":[{"id":0,"parent":-1,"kind":0,"loc":["a.cpp",2,3]}],"calls":[{"id":0,"loop":0,"kind":1,"latency":2,"loc":["a.cpp",3,5],"flow":{"ao":[0],"at":[""],"as":[""],"xl":[0]}}]}]}' \
                  "$version" "$schema" > "$d/minimal.facts" ;;
    sql) grep -rhoE '"(SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|WITH|CREATE|REPLACE)[^"]*"' testdata | sort -u | head -300 |
           split -l 1 - "$d/sql-" || true ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"; crashes="$build/crashes/$t"
  mkdir -p "$corpus" "$crashes"
  [ -n "$(ls -A "$corpus")" ] || seed "$t" "$corpus"
  echo "==> fuzz: $t for ${seconds}s (corpus $(ls "$corpus" | wc -l) inputs)"
  if ! "$build/tests/fuzz/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" \
        2> "$build/fuzz-$t.log"; then
    echo "==> fuzz: $t FAILED: see $build/fuzz-$t.log and $crashes/"
    tail -30 "$build/fuzz-$t.log"
    status=1
  fi
  grep -aE '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$build/fuzz-$t.log" | tr '\n' ' '
  echo
done
exit $status
