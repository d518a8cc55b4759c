#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Session records in ClickHouse (README, *Beyond one machine*): a private clickhouse-server (Debian's, 18.16 in
# bookworm; Scripts/install-test-peers.sh installs it) is started here on loopback — its own configuration,
# data path and a free HTTP port in a temporary directory; a system instance is never touched — and stopped
# at the end. For Samples/sample.pcap and the real captures with ALGs, cut by `ams split` into N = 1…4
# pieces, each piece is replayed as its shard with `--records`, its JSON lines loaded over HTTP with
# `INSERT … FORMAT JSONEachRow` into the table of Samples/clickhouse/sessions.sql, and:
#   - the rows are every session of the whole replay (its own records' lines);
#   - `SELECT member, service_set, count() … GROUP BY` of the sessions still held (reason `shutdown`, not
#     idle past their timeout at the latest end) is the `show services sessions count` table of the whole
#     replay (its non-zero rows).
# No root needed. Prints one PASS/FAIL line per check and `N passed, M failed` last; exits non-zero on any
# failure; SKIP and exit 0 when clickhouse-server is not installed.
#   AMS=path/to/ams Tests/Integration/clickhouse.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
# The suite's scratch directory, counts, checks and daemons (stopped at exit): expect.sh.
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"

server=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)
if [[ ! -x $server ]]; then
    echo "SKIP clickhouse: clickhouse-server is not installed (Scripts/install-test-peers.sh installs it)"
    echo "0 passed, 0 failed"
    exit 0
fi

# A free loopback port for HTTP, another for the native protocol (the server opens it too).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
tcp_port=$(free_port)
mkdir -p "$scratch/clickhouse/data" "$scratch/clickhouse/tmp"
cat >"$scratch/clickhouse/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><log>$scratch/clickhouse/server.log</log><errorlog>$scratch/clickhouse/server.err.log</errorlog><console>0</console></logger>
    <http_port>$http_port</http_port>
    <tcp_port>$tcp_port</tcp_port>
    <listen_host>127.0.0.1</listen_host>
    <path>$scratch/clickhouse/data/</path>
    <tmp_path>$scratch/clickhouse/tmp/</tmp_path>
    <user_files_path>$scratch/clickhouse/data/user_files/</user_files_path>
    <format_schema_path>$scratch/clickhouse/data/format_schemas/</format_schema_path>
    <mark_cache_size>5368709</mark_cache_size>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
</yandex>
XML
cat >"$scratch/clickhouse/users.xml" <<'XML'
<?xml version="1.0"?>
<yandex>
    <profiles><default></default></profiles>
    <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
    <quotas><default></default></quotas>
</yandex>
XML
"$server" --config-file="$scratch/clickhouse/config.xml" >"$scratch/clickhouse/stdout" 2>&1 &
daemons+=($!)
url="http://127.0.0.1:$http_port/"
# query SQL: the SQL (standard input if none) run over HTTP; its output on standard output, its error fails.
query() { curl -sS --fail-with-body --max-time 60 --data-binary "${1:-@-}" "$url"; }
# load FILE: the JSON lines of FILE inserted into the table (the query in the URL, the rows the body).
load() {
    curl -sS --fail-with-body --max-time 60 --data-binary @"$1" "${url}?query=INSERT%20INTO%20sessions%20FORMAT%20JSONEachRow"
}
up() {
    for _ in $(seq 300); do
        [[ $(query 'SELECT 1' 2>/dev/null) == 1 ]] && return 0
        kill -0 "${daemons[0]}" 2>/dev/null || break
        sleep 0.1
    done
    cat "$scratch/clickhouse/stdout" "$scratch/clickhouse/server.err.log" >&2 2>/dev/null
    return 1
}
expect "a private clickhouse-server answers on 127.0.0.1:$http_port" 0 "" up
echo "    clickhouse-server $(query 'SELECT version()' 2>/dev/null)"
expect "the table of Samples/clickhouse/sessions.sql is created" 0 "" query "@$root/Samples/clickhouse/sessions.sql"

# The non-zero rows of `show services sessions count` as member, service set, sessions (tab-separated, sorted).
count_table() { awk '$1 ~ /^mams-/ && $3 + $4 + $5 + $6 > 0 { print $1 "\t" $2 "\t" $3 + $4 + $5 + $6 }' | LC_ALL=C sort; }
held_by_service_set="
    SELECT member, service_set, count() FROM sessions
    WHERE reason = 'shutdown'
      AND end_ns + timeout * 1000000000 > (SELECT max(recorded_ns) FROM sessions WHERE reason = 'shutdown')
    GROUP BY member, service_set ORDER BY member, service_set FORMAT TabSeparated"

loaded_equals_whole() {
    local capture=$1 shards k pieces rows whole_rows
    "$ams" replay "$capture" --members 4 --records "$scratch/whole.jsonl" show services sessions count 2>"$scratch/replay.err" |
        count_table >"$scratch/whole-count.tsv" || { cat "$scratch/replay.err" >&2; return 1; }
    whole_rows=$(wc -l <"$scratch/whole.jsonl")
    for shards in 1 2 3 4; do
        pieces="$scratch/pieces"
        rm -rf "$pieces"
        "$ams" split "$capture" --members 4 --shards "$shards" -o "$pieces" >/dev/null || return 1
        query 'TRUNCATE TABLE sessions' || return 1
        for k in $(seq 1 "$shards"); do
            "$ams" replay "$pieces/shard-$k-of-$shards.pcap" --members 4 --member-shard "$k/$shards" \
                --records "$pieces/shard-$k.jsonl" show services sessions count >/dev/null 2>"$scratch/replay.err" ||
                { cat "$scratch/replay.err" >&2; return 1; }
            # Loaded as another machine would: its shard's file over HTTP.
            load "$pieces/shard-$k.jsonl" || return 1
        done
        rows=$(query 'SELECT count() FROM sessions') || return 1
        [[ $rows == "$whole_rows" ]] || { echo "$capture, $shards shards: $rows rows, the whole replay $whole_rows sessions" >&2; return 1; }
        query "$held_by_service_set" | LC_ALL=C sort | diff "$scratch/whole-count.tsv" - >&2 ||
            { echo "$capture, $shards shards: the count table differs" >&2; return 1; }
    done
}
for capture in "$root/Samples/sample.pcap" "$root"/Tests/EndToEndTests/Captures/{mixed,ftp,tftp,rtsp,pptp,sqlnet,dns-icmp}.pcap; do
    expect "$(basename "$capture"): 1…4 shards loaded into ClickHouse: every session, and the count table" 0 "" \
        loaded_equals_whole "$capture"
done

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
