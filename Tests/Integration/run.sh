#!/usr/bin/env bash
# Tests/Integration/run.sh [--fixtures] [--keep] — end-to-end check of `ams replay` against an
# independent oracle (tshark, Scripts/oracle-sessions.sh).
#
# Default (needs root): record fresh captures with Scripts/make-captures.sh into a temp dir, compute the
#   expected sessions with the oracle, run `ams replay CAPTURE --no-expire`, parse its brief output with
#   parse_brief.py and diff; then check the ALG parent/child links of the extensive output with
#   check_links.py (FTP data and TFTP transfers are children of their control sessions).
# --fixtures (no root, no tshark): use the committed Tests/EndToEndTests/Captures/*.pcap* and their
#   committed *.sessions.tsv as the expected result.
# --keep: keep the temp dir (captures, expected/actual TSVs, ams output) and print its path.
#
# AMS: the ams binary (default: $(swift build --show-bin-path)/ams, built beforehand by the caller).
# Last line of output: "N passed, M failed"; exit status non-zero on any failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FIXTURES=0 KEEP=0
for a in "$@"; do
    case $a in
        --fixtures) FIXTURES=1 ;;
        --keep) KEEP=1 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "usage: $0 [--fixtures] [--keep]" >&2; exit 2 ;;
    esac
done

if [[ -z ${AMS:-} ]]; then
    AMS="$(cd "$ROOT" && swift build --show-bin-path)/ams"
fi
[[ -x $AMS ]] || { echo "run.sh: ams binary not found or not executable: $AMS (build first or set AMS)" >&2; echo "0 passed, 1 failed"; exit 1; }

TMP=$(mktemp -d /tmp/ams-integration.XXXXXX)
cleanup() { if [[ $KEEP -eq 1 ]]; then echo "run.sh: kept $TMP" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

if [[ $FIXTURES -eq 1 ]]; then
    CAPDIR="$ROOT/Tests/EndToEndTests/Captures"
else
    [[ $(id -u) -eq 0 ]] || { echo "run.sh: needs root to record captures (or use --fixtures)" >&2; echo "0 passed, 1 failed"; exit 1; }
    CAPDIR="$TMP/captures"
    "$ROOT/Scripts/make-captures.sh" "$CAPDIR"
fi

shopt -s nullglob
CAPS=("$CAPDIR"/*.pcap "$CAPDIR"/*.pcapng)
[[ ${#CAPS[@]} -gt 0 ]] || { echo "run.sh: no captures in $CAPDIR" >&2; echo "0 passed, 1 failed"; exit 1; }

pass=0 fail=0
for cap in "${CAPS[@]}"; do
    name=$(basename "$cap")
    expected="$TMP/$name.expected.tsv" actual="$TMP/$name.actual.tsv" out="$TMP/$name.ams.txt"
    if [[ $FIXTURES -eq 1 ]]; then
        if [[ ! -f $cap.sessions.tsv ]]; then echo "FAIL $name: no $name.sessions.tsv"; fail=$((fail + 1)); continue; fi
        cp "$cap.sessions.tsv" "$expected"
    elif ! "$ROOT/Scripts/oracle-sessions.sh" "$cap" >"$expected"; then
        echo "FAIL $name: oracle failed"; fail=$((fail + 1)); continue
    fi
    status=0
    timeout 120 "$AMS" replay "$cap" --no-expire >"$out" 2>"$out.err" || status=$?
    if [[ $status -ne 0 ]]; then
        echo "FAIL $name: ams replay exited $status"; sed 's/^/    /' "$out.err" | head -20
        fail=$((fail + 1)); continue
    fi
    if ! python3 "$HERE/parse_brief.py" "$out" >"$actual"; then
        echo "FAIL $name: ams output did not parse (see above)"; sed 's/^/    /' "$out" | head -40
        fail=$((fail + 1)); continue
    fi
    if ! diff -u --label "$name expected (oracle)" --label "$name ams" "$expected" "$actual" >"$TMP/$name.diff"; then
        echo "FAIL $name: sessions differ"; sed 's/^/    /' "$TMP/$name.diff"; fail=$((fail + 1)); continue
    fi
    # ALG links: the transfers make-captures.sh runs are children of their control sessions.
    case $name in
        ftp.pcap) want=5 ;;      # 5 FTP downloads
        tftp.pcap) want=3 ;;     # 2 TFTP gets, 1 put
        mixed.pcap) want=2 ;;    # 2 FTP downloads
        rtsp.pcap) want=2 ;;     # RTP and RTCP of the UDP publish (the interleaved one opens nothing)
        pptp.pcap) want=1 ;;     # the call's GRE flow
        sqlnet.pcap) want=1 ;;   # the redirected connection
        *) want=0 ;;
    esac
    timeout 120 "$AMS" replay "$cap" --no-expire show services sessions extensive >"$out.extensive" 2>&1 || true
    if ! python3 "$HERE/check_links.py" "$out.extensive" >"$out.links" || ! grep -qx "$want children" "$out.links"; then
        echo "FAIL $name: ALG links (want $want children)"; sed 's/^/    /' "$out.links"; fail=$((fail + 1)); continue
    fi
    echo "PASS $name ($(($(wc -l <"$expected") - 1)) sessions, $want ALG children)"; pass=$((pass + 1))
done

echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
