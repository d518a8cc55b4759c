# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Tests/Integration/expect.sh — sourced by cli.sh and daemon.sh: their one check. The caller sets
# `scratch` (a directory) and `passed=0 failed=0`, and prints "$passed passed, $failed failed" at the end.

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
