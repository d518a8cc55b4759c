#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Builds the libFuzzer targets (Fuzz/ package) with the fuzzer and address sanitizers and runs each on a
# scratch copy of its checked-in corpus. Fails (non-zero exit) if libFuzzer finds a crash in any of them.
#
#   wire     Fuzz/Sources/WireFuzzer     one frame (byte 0 picks the link type), and its reject answer   Fuzz/Corpora/wire
#   capture  Fuzz/Sources/CaptureFuzzer  a whole pcap/pcapng file                Fuzz/Corpora/capture
#   engine   Fuzz/Sources/EngineFuzzer   a capture through every replay path      Fuzz/Corpora/capture
#   gateways Fuzz/Sources/GatewayFuzzer  segments of an ALG control channel       Fuzz/Corpora/gateways
#   configuration Fuzz/Sources/ConfigurationFuzzer  a configuration file     Fuzz/Corpora/configuration
#   commands Fuzz/Sources/CommandFuzzer  operational command lines               Fuzz/Corpora/commands
#   control  Fuzz/Sources/ControlFuzzer  the control socket's requests and replies  Fuzz/Corpora/control
#   netconf  Fuzz/Sources/NetconfFuzzer  a NETCONF client's byte stream: framing, XML, RPC mapping  Fuzz/Corpora/netconf
#   records  Fuzz/Sources/RecordsFuzzer  session records' JSON lines read back (ams show --sessions)  Fuzz/Corpora/records
#
#   Scripts/fuzz.sh                       # every target, 60 seconds each
#   FUZZ_SECONDS=600 Scripts/fuzz.sh
#   FUZZ_TARGETS=capture Scripts/fuzz.sh  # a subset of "wire capture engine gateways"
#   FUZZ_JOBS=2 Scripts/fuzz.sh           # parallel workers
#
# Crash reproducers are written to Fuzz/Artifacts/<target>/. Re-run one with: Fuzz/.build/<target>-fuzzer <file>.
# The capture seeds are generated: swift run --package-path Fuzz CorpusWriter Fuzz/Corpora/capture
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
targets="${FUZZ_TARGETS:-wire capture engine gateways configuration commands control netconf records}"
fuzz="$root/Fuzz"
build="$fuzz/.build"
out="$build"
mkdir -p "$out"

# Per target: the SwiftPM module, the modules it links, the input size limit.
module_of() {
    case "$1" in
        wire) echo WireFuzzer ;;
        capture) echo CaptureFuzzer ;;
        engine) echo EngineFuzzer ;;
        gateways) echo GatewayFuzzer ;;
        configuration) echo ConfigurationFuzzer ;;
        commands) echo CommandFuzzer ;;
        control) echo ControlFuzzer ;;
        netconf) echo NetconfFuzzer ;;
        records) echo RecordsFuzzer ;;
        *) echo "fuzz.sh: unknown target '$1' (known: wire capture engine gateways configuration commands control netconf records)" >&2; exit 2 ;;
    esac
}
# The modules a fuzzer links: its module and every module it depends on, read from Fuzz/Package.swift
# (`swift package describe`), so the link follows the package's dependencies — a list kept here by hand
# missed ServicesCore once JunosConfiguration came to depend on it.
package_targets="$(swift package --package-path "$fuzz" describe --type json 2>/dev/null)"
modules_of() {
    python3 -c '
import json, sys
targets = {t["name"]: t.get("target_dependencies", []) for t in json.loads(sys.stdin.read())["targets"]}
seen, order = set(), []
def visit(name):
    if name in seen:
        return
    seen.add(name)
    for dependency in targets.get(name, []):
        visit(dependency)
    order.append(name)
visit(sys.argv[1])
print(" ".join(order))' "$(module_of "$1")" <<<"$package_targets"
}
# The engine fuzzer starts from the capture seeds.
corpus_of() {
    case "$1" in
        engine) echo capture ;;
        *) echo "$1" ;;
    esac
}
max_len_of() {
    case "$1" in
        wire) echo 2048 ;;
        capture | engine | gateways) echo 4096 ;;
        configuration) echo 8192 ;;
        commands) echo 1024 ;;
        control) echo 4096 ;;
        netconf) echo 4096 ;;
        records) echo 4096 ;;
    esac
}
for target in $targets; do module_of "$target" >/dev/null; done

# 1. Compile the modules with sanitizer coverage. Each fuzzer target is a library: libFuzzer provides
#    `main`. `--target` keeps the sanitizers away from the CorpusWriter executable.
#    The compiler's output (the sanitizer build's warnings among it) goes to a log, shown if the build fails.
log="$build/fuzz-build.log"
: >"$log"
for target in $targets; do
    if ! swift build -c release --package-path "$fuzz" --target "$(module_of "$target")" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -g >>"$log" 2>&1; then
        tail -40 "$log" >&2
        echo "fuzz.sh: the build of $target failed (whole log: $log)" >&2
        exit 1
    fi
done
echo "fuzz.sh: built $targets (compiler output in $log)"

# 2. Link with swiftc so libFuzzer's runtime and `main` are pulled in: the objects of each module's current
#    sources only (a source deleted or moved since an earlier build leaves its object behind).
module_objects() {
    local module=$1 source
    while IFS= read -r source; do
        printf '%s\n' "$build/release/$module.build/$(basename "$source").o"
    done < <(find -L "$fuzz/Sources/$module" \( -name '*.swift' -o -name '*.c' \) | sort)
}
for target in $targets; do
    objects=()
    for module in $(modules_of "$target"); do
        while IFS= read -r object; do objects+=("$object"); done < <(module_objects "$module")
    done
    if ! swiftc -sanitize=fuzzer,address -g "${objects[@]}" -o "$out/$target-fuzzer" >>"$log" 2>&1; then
        tail -40 "$log" >&2
        echo "fuzz.sh: linking $target failed (whole log: $log)" >&2
        exit 1
    fi
done

# 3. Run each on a copy of its corpus, so new inputs do not dirty the checked-in seeds.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi

failed=()
for target in $targets; do
    corpus="$scratch/$target"
    artifacts="$fuzz/Artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    cp "$fuzz"/Corpora/"$(corpus_of "$target")"/* "$corpus"/ 2>/dev/null || true
    echo "==> fuzzing $target for $seconds s"
    status=0
    "$out/$target-fuzzer" "$corpus" \
        -max_total_time="$seconds" \
        -max_len="$(max_len_of "$target")" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -print_final_stats=1 \
        ${parallel[@]+"${parallel[@]}"} \
        -artifact_prefix="$artifacts/" || status=$?
    if [ "$status" -ne 0 ]; then failed+=("$target"); fi
done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "fuzz.sh: crash found by: ${failed[*]} (reproducers in Fuzz/Artifacts/)" >&2
    exit 1
fi
echo "fuzz.sh: no crashes ($targets)"
