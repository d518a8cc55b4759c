# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Tests/Integration/expect.sh — sourced by the no-root suites (cli, daemon, netconf, metrics, syslog, ipfix,
# records, clickhouse): their scratch directory, their counts, their one check, their one bounded wait and their
# one stop of the daemons they started. Sourcing it sets `scratch` (a new directory), `daemons=()` (PIDs the
# suite starts and adds) and `passed=0 failed=0`, and stops the daemons and removes the scratch directory at
# exit (a suite that must clean up more sets its own EXIT trap, calling `stop_daemons`); the suite prints
# "$passed passed, $failed failed" at the end.
scratch="$(mktemp -d)"
daemons=()
passed=0
failed=0
trap 'stop_daemons; rm -rf "$scratch"' EXIT

# expect NAME STATUS PATTERN COMMAND…: COMMAND exits with STATUS and its standard error matches PATTERN
# (an extended regular expression; empty: standard error is empty).
expect() {
    local name=$1 want=$2 pattern=$3; shift 3
    local status=0
    "$@" >"$scratch/out" 2>"$scratch/err" || status=$?
    local matches=1
    if [[ -z $pattern ]]; then
        [[ -s $scratch/err ]] && matches=0
    else
        grep -Eq -- "$pattern" "$scratch/err" || matches=0
    fi
    if [[ $status != "$want" ]]; then
        echo "FAIL $name: exit status $status, expected $want"; sed 's/^/    /' "$scratch/err"
        failed=$((failed + 1))
    elif ((!matches)); then
        echo "FAIL $name: standard error does not match '$pattern':"; sed 's/^/    /' "$scratch/err"
        failed=$((failed + 1))
    else
        echo "PASS $name"
        passed=$((passed + 1))
    fi
}

# wait_for PATTERN FILE [SECONDS]: up to SECONDS (default 20) for a line matching PATTERN in FILE; on time
# out, says so and shows FILE.
wait_for() {
    for _ in $(seq $((${3:-20} * 10))); do
        grep -Eq -- "$1" "$2" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "waited in vain for '$1' in $2:" >&2
    cat "$2" >&2
    return 1
}

# stop_daemons: every process in the caller's `daemons` array stopped — SIGTERM, up to 5 s, then SIGKILL.
stop_daemons() {
    local pid
    for pid in "${daemons[@]}"; do
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    done
}

# py_checks PYTHON SCRIPT ARG…: a Python check script's PASS/FAIL lines (Tests/Integration/checks.py), printed —
# each after "$py_label: " when py_label is set — and counted; a run that does not end with its count fails.
py_checks() {
    local python=$1 script=$2; shift 2
    "$python" "$script" "$@" >"$scratch/py.out" 2>&1
    if [[ -n ${py_label:-} ]]; then
        grep -E '^(PASS|FAIL)' "$scratch/py.out" | sed -E "s#^(PASS|FAIL) #\\1 $py_label: #"
    else
        grep -E '^(PASS|FAIL)' "$scratch/py.out"
    fi
    passed=$((passed + $(grep -c '^PASS' "$scratch/py.out")))
    failed=$((failed + $(grep -c '^FAIL' "$scratch/py.out")))
    if ! grep -Eq '^[0-9]+ passed, [0-9]+ failed$' "$scratch/py.out"; then
        failed=$((failed + 1)); echo "FAIL $(basename "$script") $1 ran to the end:"; sed 's/^/    /' "$scratch/py.out"
    fi
}
