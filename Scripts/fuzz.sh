#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Builds the Wire libFuzzer target (Fuzz/ package) with the fuzzer and address sanitizers and runs it
# on a scratch copy of the checked-in corpus. Fails (non-zero exit) if libFuzzer finds a crash.
#
#   Scripts/fuzz.sh                 # 60 seconds
#   FUZZ_SECONDS=600 Scripts/fuzz.sh
#   FUZZ_JOBS=2 Scripts/fuzz.sh     # parallel workers
#
# Crash reproducers are written to Fuzz/Artifacts/. Re-run one with: Fuzz/.build/wire-fuzzer <file>.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
fuzz="$root/Fuzz"
build="$fuzz/.build"
out="$build"
mkdir -p "$out" "$fuzz/Artifacts"

# 1. Compile the modules with sanitizer coverage. The fuzzer target is a library: libFuzzer provides `main`.
swift build -c release --package-path "$fuzz" -Xswiftc -sanitize=fuzzer,address -Xswiftc -g

# 2. Link with swiftc so libFuzzer's runtime and `main` are pulled in.
swiftc -sanitize=fuzzer,address -g \
    "$build"/release/Wire.build/*.o "$build"/release/WireFuzzer.build/*.o \
    -o "$out/wire-fuzzer"

# 3. Run on a copy of the corpus, so new inputs do not dirty the checked-in seeds.
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
cp "$fuzz"/Corpora/wire/* "$corpus"/ 2>/dev/null || true

parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi

"$out/wire-fuzzer" "$corpus" \
    -max_total_time="$seconds" \
    -max_len=2048 \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    "${parallel[@]}" \
    -artifact_prefix="$fuzz/Artifacts/"
