#!/usr/bin/env bash
# Scripts/bench.sh [--quick] [--runs N] [--no-build]
#
# One command, one run: builds `ams` and `ams-tracegen` (release), generates the synthetic
# traces (cached), then measures on the SAME mixed trace
#   * tcpdump -r FILE -w /dev/null      the I/O floor (libpcap read loop, no processing)
#   * ndpiReader -i FILE -q             nDPI flow table + DPI, single thread
#   * softflowd -r FILE                 NetFlow flow table, exporting to 127.0.0.1:9 (discard)
#   * ams replay FILE --stats show services sessions count   with --members 1 and --members 2
#     (the whole engine runs; only the per-session text, which the peers do not print either, is left out)
# then new sessions/s on the UDP-pairs trace, bytes per session on the 10 M-session trace, the whole
# brief listing of that trace (`ams replay … show services sessions > /dev/null`: lines/s and peak
# memory against the tables'), and prints a Markdown table (also written to $BENCH_DIR/results.md).
#
# With AMS_BEFORE_BIN, every ams measurement also runs that binary (an earlier build), interleaved
# with this one (run after run), so that before and after see the same state of the machine; its rows
# are marked "(before)" and the targets are checked for both.
#
# Wall time is measured with bash's $EPOCHREALTIME (µs), CPU time and max RSS with
# /usr/bin/time; every row is the best (lowest wall time) of --runs runs (ams with one and with two
# members on the mixed trace: run alternately, best of at least 5 each), after the trace has
# been read once into the page cache. Missing tools print "n/a" instead of failing.
#
# Environment:
#   BENCH_DIR     trace cache and logs (default /tmp/ams-bench)
#   AMS_BIN       use this ams binary instead of building one
#   AMS_BEFORE_BIN  an earlier ams binary to measure alongside, interleaved (rows marked "(before)")
#   TRACEGEN_BIN  use this ams-tracegen binary instead of building one
#
# Lines parsed from `ams replay … --stats` (anywhere in stdout or stderr):
#   packets: N
#   elapsed: S s
#   packets/s: R
#   sessions created: N
#   memory: B bytes per session
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/ams-bench}
QUICK=0
RUNS=
BUILD=1
TOOL_TIMEOUT=${TOOL_TIMEOUT:-900}

usage() { sed -n '2,/^set -uo/p' "$0" | sed -n 's/^# \{0,1\}//p'; }
while (($#)); do
    case $1 in
        --quick) QUICK=1 ;;
        --runs) RUNS=$2; shift ;;
        --no-build) BUILD=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

if ((QUICK)); then
    MIXED_SESSIONS=10000; MIXED_PACKETS=200000; PAIR_FLOWS=100000; MEMORY_SESSIONS=(100000 1000000)
    RUNS=${RUNS:-1}
    PAIR_RUNS=${PAIR_RUNS:-$RUNS}
else
    MIXED_SESSIONS=50000; MIXED_PACKETS=2000000; PAIR_FLOWS=1000000; MEMORY_SESSIONS=(1000000 10000000)
    RUNS=${RUNS:-3}
    PAIR_RUNS=${PAIR_RUNS:-$((RUNS > 5 ? RUNS : 5))}
fi
SEED=1

mkdir -p "$BENCH_DIR/logs" || exit 1
log() { printf '%s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------
# Build

build_product() {  # build_product NAME → prints the binary path, or nothing
    local product=$1 bin
    ((BUILD)) || return 0
    if (cd "$ROOT" && swift build -c release --product "$product") >"$BENCH_DIR/logs/build-$product.log" 2>&1; then
        bin=$(cd "$ROOT" && swift build -c release --show-bin-path 2>/dev/null)/$product
        [[ -x $bin ]] && printf '%s\n' "$bin"
    else
        log "warning: swift build --product $product failed (see $BENCH_DIR/logs/build-$product.log)"
    fi
}

AMS=${AMS_BIN:-}
if [[ -z $AMS ]]; then
    log "building ams (release)…"
    AMS=$(build_product ams)
fi
[[ -n $AMS && -x $AMS ]] || { log "warning: no ams binary: its rows will be n/a"; AMS=; }
BEFORE=${AMS_BEFORE_BIN:-}
[[ -z $BEFORE || -x $BEFORE ]] || { log "warning: AMS_BEFORE_BIN $BEFORE is not executable: ignored"; BEFORE=; }
# The ams binaries measured: "after" (this build) and, with AMS_BEFORE_BIN, "before".
VERSIONS=(after)
[[ -n $BEFORE ]] && VERSIONS=(before after)
ams_of() { [[ $1 == before ]] && printf '%s' "$BEFORE" || printf '%s' "$AMS"; }
label_of() { [[ $1 == before ]] && printf ' (before)' || true; }

TRACEGEN=${TRACEGEN_BIN:-}
if [[ -z $TRACEGEN ]]; then
    log "building ams-tracegen (release)…"
    TRACEGEN=$(build_product ams-tracegen)
fi
[[ -n $TRACEGEN && -x $TRACEGEN ]] || TRACEGEN=
GEN_VERSION=$([[ -n $TRACEGEN ]] && "$TRACEGEN" --version 2>/dev/null)

# ---------------------------------------------------------------------------------------------
# Traces: FILE.stamp holds the generator version, its arguments and its summary output; a
# trace is regenerated when the stamp's first two lines differ.

trace() {  # trace NAME ARGS… → sets TRACE_FILE, TRACE_PACKETS, TRACE_SESSIONS
    local name=$1; shift
    local file="$BENCH_DIR/$name.pcap" stamp="$BENCH_DIR/$name.pcap.stamp"
    local want="args: $*"
    if [[ -f $file && -f $stamp ]] && [[ $(sed -n 2p "$stamp") == "$want" ]] &&
        { [[ -z $GEN_VERSION ]] || [[ $(sed -n 1p "$stamp") == "$GEN_VERSION" ]]; }; then
        log "reusing $file"
    elif [[ -n $TRACEGEN ]]; then
        log "generating $file ($*)…"
        rm -f "$file" "$stamp"
        local out
        out=$("$TRACEGEN" "$@" "$file.tmp") || { log "error: ams-tracegen $* failed"; return 1; }
        mv "$file.tmp" "$file"
        printf '%s\n%s\n%s\n' "$GEN_VERSION" "$want" "$out" >"$stamp"
    else
        log "error: no ams-tracegen binary and no cached $file"
        return 1
    fi
    TRACE_FILE=$file
    TRACE_PACKETS=$(sed -n 's/^packets: //p' "$stamp")
    TRACE_SESSIONS=$(sed -n 's/^sessions: //p' "$stamp")
}

# ---------------------------------------------------------------------------------------------
# Measurement

ROWS=()
declare -A RESULT_SECONDS

declare -A BEST_WALL BEST_CPU_OF BEST_RSS_OF

# run_once KEY CMD… — one timed run of CMD; keeps KEY's best (lowest wall time) in BEST_WALL[KEY],
# BEST_CPU_OF[KEY], BEST_RSS_OF[KEY] and the best run's output in $BENCH_DIR/logs/KEY.out.
# Returns CMD's failure.
run_once() {
    local key=$1; shift
    local start end wall u s rss tf="$BENCH_DIR/logs/$key.time"
    start=$EPOCHREALTIME
    /usr/bin/time -f '%U %S %M' -o "$tf" timeout "$TOOL_TIMEOUT" "$@" >"$BENCH_DIR/logs/$key.run" 2>&1
    local status=$?
    end=$EPOCHREALTIME
    ((status == 0)) || return "$status"
    wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
    if [[ -z ${BEST_WALL[$key]:-} ]] || awk -v a="$wall" -v b="${BEST_WALL[$key]}" 'BEGIN { exit !(a < b) }'; then
        BEST_WALL[$key]=$wall
        read -r u s rss < <(tail -1 "$tf")
        BEST_CPU_OF[$key]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
        BEST_RSS_OF[$key]=$rss
        mv "$BENCH_DIR/logs/$key.run" "$BENCH_DIR/logs/$key.out"
    fi
    return 0
}

# record KEY TOOL TRACE PACKETS — appends KEY's table row from its best run and sets BEST_*.
record() {
    local key=$1 tool=$2 tracename=$3 packets=$4 best=${BEST_WALL[$1]}
    BEST_SECONDS=$best BEST_RSS_KIB=${BEST_RSS_OF[$key]} BEST_CPU=${BEST_CPU_OF[$key]}
    RESULT_SECONDS[$key]=$best
    local pps
    pps=$(awk -v p="$packets" -v s="$best" 'BEGIN { printf "%.0f", p / s }')
    ROWS+=("| $tool | $tracename | $packets | $best | $(fmt_rate "$pps") | @FLOOR:$tracename:$pps@ | $BEST_CPU | $(awk -v k="$BEST_RSS_KIB" 'BEGIN { printf "%.0f", k / 1024 }') | ${NOTE:-} |")
}

# measure KEY TOOL TRACE PACKETS CMD… — best of $RUNS; appends a table row, sets BEST_* and
# leaves the best run's output in $BENCH_DIR/logs/KEY.out.
measure() {
    local key=$1 tool=$2 tracename=$3 packets=$4; shift 4
    local i status
    BEST_SECONDS=
    unset "BEST_WALL[$key]"
    if ! have "$1" && [[ ! -x $1 ]]; then
        ROWS+=("| $tool | $tracename | $packets | n/a | n/a | n/a | n/a | n/a | not installed |")
        return 1
    fi
    for ((i = 0; i < RUNS; i++)); do
        run_once "$key" "$@"
        status=$?
        if ((status != 0)); then
            log "warning: $tool on $tracename failed (exit $status), see $BENCH_DIR/logs/$key.run"
            ROWS+=("| $tool | $tracename | $packets | n/a | n/a | n/a | n/a | n/a | failed (exit $status) |")
            return 1
        fi
    done
    record "$key" "$tool" "$tracename" "$packets"
    return 0
}

append_note() {  # append_note TEXT — adds TEXT to the notes cell of the last row
    local row=${ROWS[-1]% |}
    row=${row%% }
    ROWS[-1]="$row${row:+ }$1 |"
    [[ ${ROWS[-1]} == *"|  "* ]] && ROWS[-1]=${ROWS[-1]//"|  "/"| "}
}

fmt_rate() { awk -v r="$1" 'BEGIN { if (r >= 1e6) printf "%.2f M", r / 1e6; else printf "%.0f k", r / 1e3 }'; }

stat_line() {  # stat_line KEY REGEX → first capture of REGEX in the best run's output
    sed -n -E "s|^[[:space:]]*$2.*|\\1|p" "$BENCH_DIR/logs/$1.out" 2>/dev/null | head -1
}

warm() { cat "$1" >/dev/null; }

# ---------------------------------------------------------------------------------------------
# 1. Mixed trace: every tool on the same file.

declare -A FLOOR_PPS
trace "mixed-${MIXED_SESSIONS}x${MIXED_PACKETS}" mixed --sessions "$MIXED_SESSIONS" --packets "$MIXED_PACKETS" --seed "$SEED" || exit 1
MIXED=$TRACE_FILE MIXED_N=$TRACE_PACKETS
MIXED_NAME="mixed ${MIXED_SESSIONS} conc."
warm "$MIXED"

log "tcpdump floor…"
NOTE="I/O floor" measure tcpdump-mixed "tcpdump -r -w /dev/null" "$MIXED_NAME" "$MIXED_N" \
    tcpdump -r "$MIXED" -w /dev/null && FLOOR_PPS[$MIXED_NAME]=$(awk -v p="$MIXED_N" -v s="$BEST_SECONDS" 'BEGIN { print p / s }')

log "ndpiReader…"
NOTE="DPI, 1 thread" measure ndpi-mixed "ndpiReader -i -q" "$MIXED_NAME" "$MIXED_N" \
    ndpiReader -i "$MIXED" -q

log "softflowd…"
# No -c: -r disables the control socket, and a -c after it re-enables it, after which
# softflowd 1.1.0 blocks in accept() (its poll state is uninitialised in file mode).
# -m: hold every flow (in file mode softflowd only expires when the table is full).
NOTE="NetFlow v5 to 127.0.0.1:9" measure softflowd-mixed "softflowd -r" "$MIXED_NAME" "$MIXED_N" \
    softflowd -r "$MIXED" -n 127.0.0.1:9 -p "$BENCH_DIR/logs/softflowd.pid" -m 4000000

AMS_NOTE() {  # engine-reported rate, when printed
    local r e
    r=$(stat_line "$1" 'packets/s:[[:space:]]*([0-9.]+)')
    e=$(stat_line "$1" 'elapsed:[[:space:]]*([0-9.]+)')
    [[ -n $r ]] && printf 'engine: %s pkt/s in %s s' "$(fmt_rate "$r")" "$e"
}
declare -A AMS_PPS
# One member and two members — of each version — are measured in alternation, best of $PAIR_RUNS each,
# so that all see the same state of the machine (on a shared VM the speed drifts by 10–20 % from minute
# to minute).
if [[ -n $AMS ]]; then
    log "ams replay --members 1 and 2 (${VERSIONS[*]}), alternately…"
    declare -A pair_failed=()
    for version in "${VERSIONS[@]}"; do unset "BEST_WALL[ams-mixed-m1-$version]" "BEST_WALL[ams-mixed-m2-$version]"; done
    for ((round = 0; round < PAIR_RUNS; round++)); do
        for version in "${VERSIONS[@]}"; do
            for members in 1 2; do
                run_once "ams-mixed-m$members-$version" "$(ams_of "$version")" replay "$MIXED" --stats --members "$members" \
                    show services sessions count || pair_failed[$version]=$members
            done
        done
    done
    for version in "${VERSIONS[@]}"; do
        for members in 1 2; do
            key=ams-mixed-m$members-$version
            tool="ams replay --members $members$(label_of "$version")"
            if [[ -n ${pair_failed[$version]:-} || -z ${BEST_WALL[$key]:-} ]]; then
                ROWS+=("| $tool | $MIXED_NAME | $MIXED_N | n/a | n/a | n/a | n/a | n/a | failed |")
                continue
            fi
            record "$key" "$tool" "$MIXED_NAME" "$MIXED_N"
            AMS_PPS[$members-$version]=$(awk -v p="$MIXED_N" -v s="$BEST_SECONDS" 'BEGIN { print p / s }')
            note=$(AMS_NOTE "$key")
            [[ -n $note ]] && append_note "$note"
        done
    done
else
    for members in 1 2; do
        ROWS+=("| ams replay --members $members | $MIXED_NAME | $MIXED_N | n/a | n/a | n/a | n/a | n/a | no ams binary |")
    done
fi

# ---------------------------------------------------------------------------------------------
# 2. New sessions per second: two-packet UDP flows.

trace "udp-pairs-${PAIR_FLOWS}" udp-pairs --flows "$PAIR_FLOWS" --seed "$SEED" || exit 1
PAIRS=$TRACE_FILE PAIRS_N=$TRACE_PACKETS
PAIRS_NAME="udp-pairs ${PAIR_FLOWS} flows"
warm "$PAIRS"
log "tcpdump floor (udp-pairs)…"
NOTE="I/O floor" measure tcpdump-pairs "tcpdump -r -w /dev/null" "$PAIRS_NAME" "$PAIRS_N" \
    tcpdump -r "$PAIRS" -w /dev/null && FLOOR_PPS[$PAIRS_NAME]=$(awk -v p="$PAIRS_N" -v s="$BEST_SECONDS" 'BEGIN { print p / s }')
declare -A NEW_SESSIONS_RATE
if [[ -n $AMS ]]; then
    log "ams replay (udp-pairs, ${VERSIONS[*]}), alternately…"
    for version in "${VERSIONS[@]}"; do unset "BEST_WALL[ams-pairs-$version]"; done
    declare -A pairs_failed=()
    for ((round = 0; round < PAIR_RUNS; round++)); do
        for version in "${VERSIONS[@]}"; do
            run_once "ams-pairs-$version" "$(ams_of "$version")" replay "$PAIRS" --stats --members 1 \
                show services sessions count || pairs_failed[$version]=1
        done
    done
    for version in "${VERSIONS[@]}"; do
        key=ams-pairs-$version
        tool="ams replay --members 1$(label_of "$version")"
        if [[ -n ${pairs_failed[$version]:-} || -z ${BEST_WALL[$key]:-} ]]; then
            ROWS+=("| $tool | $PAIRS_NAME | $PAIRS_N | n/a | n/a | n/a | n/a | n/a | failed |")
            continue
        fi
        record "$key" "$tool" "$PAIRS_NAME" "$PAIRS_N"
        created=$(stat_line "$key" 'sessions created:[[:space:]]*([0-9]+)')
        elapsed=$(stat_line "$key" 'elapsed:[[:space:]]*([0-9.]+)')
        created=${created:-$PAIR_FLOWS}
        seconds=${elapsed:-$BEST_SECONDS}
        NEW_SESSIONS_RATE[$version]=$(awk -v n="$created" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
        append_note "$created sessions: $(fmt_rate "${NEW_SESSIONS_RATE[$version]}") new sessions/s ($([[ -n $elapsed ]] && echo engine || echo wall) time)"
    done
else
    ROWS+=("| ams replay --members 1 | $PAIRS_NAME | $PAIRS_N | n/a | n/a | n/a | n/a | n/a | no ams binary |")
fi

# ---------------------------------------------------------------------------------------------
# 3. Memory per session: one packet, one session, nothing expires; at two table sizes, so the
#    marginal RSS per session (ΔRSS / Δsessions) cancels the process baseline.

MARGINAL_PER_SESSION=
MEMORY_RESULTS=()
declare -A BIG_ONE_SECONDS BIG_SCALING prev_kib prev_created
for sessions in "${MEMORY_SESSIONS[@]}"; do
    trace "one-way-$sessions" udp-pairs --flows "$sessions" --one-way --seed "$SEED" || exit 1
    BIG=$TRACE_FILE BIG_N=$TRACE_PACKETS
    BIG_NAME="one-way $sessions sessions"
    warm "$BIG"
    log "tcpdump floor (one-way $sessions)…"
    NOTE="I/O floor" measure "tcpdump-one-way-$sessions" "tcpdump -r -w /dev/null" "$BIG_NAME" "$BIG_N" \
        tcpdump -r "$BIG" -w /dev/null && FLOOR_PPS[$BIG_NAME]=$(awk -v p="$BIG_N" -v s="$BEST_SECONDS" 'BEGIN { print p / s }')
    if [[ -z $AMS ]]; then
        ROWS+=("| ams replay --no-expire | $BIG_NAME | $BIG_N | n/a | n/a | n/a | n/a | n/a | no ams binary |")
        continue
    fi
    for version in "${VERSIONS[@]}"; do
        log "ams replay --no-expire (memory, $sessions sessions, $version)…"
        key=ams-memory-$sessions-$version
        if RUNS=1 measure "$key" "ams replay --no-expire$(label_of "$version")" "$BIG_NAME" "$BIG_N" \
            "$(ams_of "$version")" replay "$BIG" --stats --members 1 --no-expire show services sessions count; then
            created=$(stat_line "$key" 'sessions created:[[:space:]]*([0-9]+)')
            created=${created:-$sessions}
            bytes=$(stat_line "$key" 'memory:[[:space:]]*([0-9.]+)[[:space:]]*bytes per session')
            # Max RSS counts the mapped capture file too; take its size off for the peak of the tables.
            fsize=$(stat -c %s "$BIG")
            peak=$(awk -v r="$BEST_RSS_KIB" -v f="$fsize" -v n="$created" 'BEGIN { printf "%.0f", (r * 1024 - f) / n }')
            note="${bytes:-?} B/session resident (engine: RssAnon, tables live); peak (max RSS − file) / $created sessions = $peak B"
            MEMORY_RESULTS+=("$version:$sessions:${bytes:-}:$peak")
            if [[ -n ${prev_kib[$version]:-} ]] && ((created > prev_created[$version])); then
                marginal=$(awk -v a="${prev_kib[$version]}" -v b="$BEST_RSS_KIB" -v m="${prev_created[$version]}" -v n="$created" \
                    'BEGIN { printf "%.0f", (b - a) * 1024 / (n - m) }')
                note+="; marginal RSS = $marginal B/session"
                [[ $version == after ]] && MARGINAL_PER_SESSION=$marginal
            fi
            append_note "$note"
            prev_kib[$version]=$BEST_RSS_KIB prev_created[$version]=$created
            BIG_ONE_SECONDS[$version]=$BEST_SECONDS
        fi
    done
done

# Scaling where the session tables dominate: the largest trace again, with two members.
if [[ -n $AMS ]]; then
    for version in "${VERSIONS[@]}"; do
        [[ -n ${BIG_ONE_SECONDS[$version]:-} ]] || continue
        log "ams replay --members 2 --no-expire ($BIG_NAME, $version)…"
        if RUNS=1 measure "ams-memory-m2-$version" "ams replay --members 2 --no-expire$(label_of "$version")" "$BIG_NAME" "$BIG_N" \
            "$(ams_of "$version")" replay "$BIG" --stats --members 2 --no-expire show services sessions count; then
            BIG_SCALING[$version]=$(awk -v a="${BIG_ONE_SECONDS[$version]}" -v b="$BEST_SECONDS" 'BEGIN { printf "%.2f", a / b }')
            append_note "${BIG_SCALING[$version]}× the one-member rate"
        fi
    done
fi

# ---------------------------------------------------------------------------------------------
# 3b. The whole brief listing of the largest trace, streamed to /dev/null: lines/s of the output (wall
#     time less the replay's own, from --stats) and the peak memory beyond the tables' (max RSS less the
#     mapped file and the tables' resident growth).

declare -A LISTING_RATE LISTING_EXTRA
if [[ -n $AMS && -n ${BIG:-} ]]; then
    for version in "${VERSIONS[@]}"; do
        log "ams replay … show services sessions > /dev/null ($BIG_NAME, $version)…"
        key=ams-listing-$version
        # stdout is thrown away (gigabytes of text); --stats goes to the log.
        if RUNS=1 NOTE="brief listing to /dev/null" measure "$key" "ams replay … show services sessions$(label_of "$version")" \
            "$BIG_NAME" "$BIG_N" bash -c '"$0" "$@" >/dev/null' "$(ams_of "$version")" replay "$BIG" --stats --members 1 \
            --no-expire show services sessions; then
            created=$(stat_line "$key" 'sessions created:[[:space:]]*([0-9]+)')
            elapsed=$(stat_line "$key" 'elapsed:[[:space:]]*([0-9.]+)')
            growth=$(stat_line "$key" 'resident memory growth:[[:space:]]*([0-9]+)')
            fsize=$(stat -c %s "$BIG")
            lines=$((3 * ${created:-0} + 1))
            LISTING_RATE[$version]=$(awk -v n="$lines" -v w="$BEST_SECONDS" -v e="${elapsed:-0}" \
                'BEGIN { printf "%.0f", (w > e) ? n / (w - e) : 0 }')
            LISTING_EXTRA[$version]=$(awk -v r="$BEST_RSS_KIB" -v f="$fsize" -v g="${growth:-0}" -v n="${created:-1}" \
                'BEGIN { printf "%.1f", (r * 1024 - f - g * 1024) / n }')
            append_note "$lines lines in $(awk -v w="$BEST_SECONDS" -v e="${elapsed:-0}" 'BEGIN { printf "%.2f", w - e }') s after a ${elapsed:-?} s replay: $(fmt_rate "${LISTING_RATE[$version]}") lines/s; peak beyond the tables ${LISTING_EXTRA[$version]} B/session"
        fi
    done
fi

# ---------------------------------------------------------------------------------------------
# 4. Queries on a large table: the shell holds the largest trace's sessions and times each command
#    (`ams cli --timing`); the whole brief output is written to /dev/null.

QUERY_ROWS=()
BRIEF_LINES_PER_SECOND=
if [[ -n $AMS && -n ${BIG:-} ]]; then
    log "ams cli queries ($BIG_NAME)…"
    printf '%s\n' "request replay advance to-end" "show services sessions count" "show services sessions count" \
        "show services sessions destination-port 53 limit 100" "show services sessions limit 100" \
        "show services sessions | no-more" |
        "$AMS" cli --replay "$BIG" --members 1 --timing 2>"$BENCH_DIR/logs/ams-queries.err" >/dev/null
    while IFS= read -r line; do
        [[ $line =~ ^\(([0-9.]+)\ s:\ (.*)\)$ ]] || continue
        seconds=${BASH_REMATCH[1]} command=${BASH_REMATCH[2]}
        QUERY_ROWS+=("| \`$command\` | $(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }') |")
        if [[ $command == "show services sessions | no-more" ]]; then
            BRIEF_LINES_PER_SECOND=$(awk -v n="$BIG_N" -v s="$seconds" 'BEGIN { printf "%.0f", (3 * n + 1) / s }')
        fi
    done <"$BENCH_DIR/logs/ams-queries.err"
fi

# ---------------------------------------------------------------------------------------------
# 5. A large configuration: `ams config check` on a generated file of one million prefix-list entries
#    in set form (about 50 MB; 50,000 entries with --quick): seconds, and the peak memory as a multiple
#    of the file.

CONFIG_ROW=
if [[ -n $AMS ]] && have python3; then
    entries=$((QUICK ? 50000 : 1000000))
    config="$BENCH_DIR/config-$entries.conf"
    if [[ ! -f $config ]]; then
        python3 - "$config" "$entries" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("set interfaces ams0 load-balancing-options member-interface mams-0/0/0\n")
    f.write("set interfaces ams0 unit 1 family inet\n")
    f.write("set services service-set s1 interface-service service-interface ams0.1\n")
    for i in range(n):
        f.write("set policy-options prefix-list big 10.%d.%d.%d/32\n" % (i >> 16, (i >> 8) & 255, i & 255))
PY
    fi
    log "ams config check ($entries statements)…"
    if RUNS=1 measure ams-config "ams config check" "config, $entries statements" "$entries" "$AMS" config check "$config"; then
        fsize=$(stat -c %s "$config")
        CONFIG_ROW="ams config check, $entries prefix-list entries ($((fsize / 1048576)) MiB): $BEST_SECONDS s, peak memory $(awk -v r="$BEST_RSS_KIB" -v f="$fsize" 'BEGIN { printf "%.1f", r * 1024 / f }')× the file"
        append_note "$(awk -v r="$BEST_RSS_KIB" -v f="$fsize" 'BEGIN { printf "%.1f", r * 1024 / f }')× the file in memory"
    fi
fi

# ---------------------------------------------------------------------------------------------
# Report

ratio() {  # ratio PPS TRACENAME → "0.42×" or n/a
    local floor=${FLOOR_PPS[$2]:-}
    [[ -n $floor ]] && awk -v p="$1" -v f="$floor" 'BEGIN { printf "%.2f×", p / f }' || printf 'n/a'
}

{
    echo "## ams benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(uname -m), ${GEN_VERSION:-ams-tracegen ?}, best of $RUNS; one and two members alternately, best of $PAIR_RUNS)"
    echo
    echo "| tool | trace | packets | seconds | packets/s | × tcpdump floor | CPU s | max RSS MiB | notes |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    for row in "${ROWS[@]}"; do
        if [[ $row =~ @FLOOR:([^:]*):([0-9]+)@ ]]; then
            row=${row/"${BASH_REMATCH[0]}"/$(ratio "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}")}
        fi
        echo "$row"
    done
    echo
    echo "Targets (one core unless stated):"
    check() {  # check LABEL VALUE OP LIMIT UNIT
        if [[ -z $2 ]]; then
            echo "- $1: n/a"
        elif awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { exit !((op == ">=") ? v >= l : v <= l) }'; then
            echo "- $1: $2 $5 (target $3 $4) PASS"
        else
            echo "- $1: $2 $5 (target $3 $4) FAIL"
        fi
    }
    for version in "${VERSIONS[@]}"; do
        ((${#VERSIONS[@]} > 1)) && echo "$([[ $version == before ]] && echo "Before (AMS_BEFORE_BIN):" || echo "After (this build):")"
        mixed_ratio= scaling=
        [[ -n ${AMS_PPS[1-$version]:-} && -n ${FLOOR_PPS[$MIXED_NAME]:-} ]] &&
            mixed_ratio=$(awk -v a="${AMS_PPS[1-$version]}" -v f="${FLOOR_PPS[$MIXED_NAME]}" 'BEGIN { printf "%.2f", a / f }')
        [[ -n ${AMS_PPS[1-$version]:-} && -n ${AMS_PPS[2-$version]:-} ]] &&
            scaling=$(awk -v a="${AMS_PPS[1-$version]}" -v b="${AMS_PPS[2-$version]}" 'BEGIN { printf "%.2f", b / a }')
        check "mixed trace, ams / tcpdump floor" "$mixed_ratio" ">=" 0.6 "×"
        check "new sessions/s" "${NEW_SESSIONS_RATE[$version]:-}" ">=" 2000000 "sessions/s"
        for result in "${MEMORY_RESULTS[@]}"; do
            IFS=: read -r v n resident peak <<<"$result"
            [[ $v == "$version" ]] || continue
            check "bytes per IPv4 session resident at $n sessions (RssAnon with the tables live)" "$resident" "<=" 128 "B"
            echo "  (peak while the index doubles, (max RSS − mapped file) / sessions: $peak B)"
        done
        check "2 members on 2 cores / 1 member, mixed trace" "$scaling" ">=" 1.5 "×"
        # The same ratio from the engine's own rate (--stats packets/s: the replay without process start-up
        # and exit, which do not scale and weigh about 25 ms in both runs); informative.
        engine1=$(stat_line "ams-mixed-m1-$version" 'packets/s:[[:space:]]*([0-9.]+)')
        engine2=$(stat_line "ams-mixed-m2-$version" 'packets/s:[[:space:]]*([0-9.]+)')
        [[ -n $scaling && -n $engine1 && -n $engine2 ]] &&
            echo "  (engine rate: $(awk -v a="$engine1" -v b="$engine2" 'BEGIN { printf "%.2f", b / a }') ×)"
        check "2 members on 2 cores / 1 member, $BIG_NAME" "${BIG_SCALING[$version]:-}" ">=" 1.5 "×"
        check "brief listing of $BIG_NAME, lines/s" "${LISTING_RATE[$version]:-}" ">=" 4000000 "lines/s"
        check "brief listing of $BIG_NAME, peak memory beyond the tables" "${LISTING_EXTRA[$version]:-}" "<=" 16 "B/session"
    done
    [[ -n $CONFIG_ROW ]] && echo "- $CONFIG_ROW"
    [[ -n $MARGINAL_PER_SESSION ]] && echo "- marginal max RSS, ${MEMORY_SESSIONS[0]} → ${MEMORY_SESSIONS[-1]} sessions: $MARGINAL_PER_SESSION B/session (includes the file mapping)"
    echo "- malloc count per packet: see the Benchmarks/ package (package-benchmark mallocCountTotal)"
    if ((${#QUERY_ROWS[@]})); then
        echo
        echo "Queries in \`ams cli\` on $BIG_NAME (the first count sweeps the table once):"
        echo
        echo "| command | ms |"
        echo "| --- | ---: |"
        printf '%s\n' "${QUERY_ROWS[@]}"
        echo
        echo "- brief output in the shell: $(fmt_rate "${BRIEF_LINES_PER_SECOND:-0}") lines/s"
    fi
} | tee "$BENCH_DIR/results.md"
