#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# The README's test command. Runs, in order:
#   1. the unit and golden tests (`swift test`: deterministic, packet time, no sockets);
#   2. as root: installs the test peers (Debian packages) and runs the integration suite, which
#      captures real traffic between network namespaces and checks `ams replay` against tshark;
#   3. a short libFuzzer pass over the decoders (FUZZ_SECONDS, default 30).
# Exits non-zero if any part fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

swift test

if [ "$(id -u)" != 0 ]; then
    echo "test.sh: integration suite and fuzzing skipped: they need root (network namespaces, apt-get)" >&2
    exit 0
fi

"$root/Scripts/install-test-peers.sh"
swift build --product ams
AMS="$(swift build --show-bin-path)/ams" "$root/Tests/Integration/run.sh"
FUZZ_SECONDS="${FUZZ_SECONDS:-30}" "$root/Scripts/fuzz.sh"
