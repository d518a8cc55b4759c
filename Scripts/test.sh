#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# The README's test command. Runs, in order:
#   1. as root: installs the test peers (Debian packages);
#   2. the unit and golden tests (`swift test`: deterministic, packet time, no sockets);
#   3. `ams` on the command line (exit statuses and messages), and the interactive shell driven through a
#      pseudo-terminal (tmux);
#   4. as root: the integration suite, which captures real traffic between network namespaces and
#      checks `ams replay` against tshark;
#   5. as root: a short libFuzzer pass over the decoders, the engine and the ALG parsers (FUZZ_SECONDS, default 30).
# Exits non-zero if any part fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
is_root=0
[ "$(id -u)" = 0 ] && is_root=1

if [ "$is_root" = 1 ]; then "$root/Scripts/install-test-peers.sh"; fi

swift test

swift build --product ams
ams="$(swift build --show-bin-path)/ams"
AMS="$ams" "$root/Tests/Integration/cli.sh"
if command -v tmux >/dev/null; then
    AMS="$ams" "$root/Tests/Integration/shell.sh"
else
    echo "test.sh: shell test skipped: tmux is not installed (Scripts/install-test-peers.sh installs it)" >&2
fi

if [ "$is_root" != 1 ]; then
    echo "test.sh: integration suite and fuzzing skipped: they need root (network namespaces, apt-get)" >&2
    exit 0
fi
AMS="$ams" "$root/Tests/Integration/run.sh"
FUZZ_SECONDS="${FUZZ_SECONDS:-30}" "$root/Scripts/fuzz.sh"
