#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Scripts/live-lab.sh up bridge|inline | down — the live suite's three namespaces (Tests/Integration/live/
# topology.sh) and its servers (peers.sh), left up for trying `ams run` by hand (README, *Live interfaces*):
#
#   [amsT-c] amsTc0 ──veth── amsTm0 [amsT-m] amsTm1 ──veth── amsTs0 [amsT-s]
#   client 10.98.0.1, fd00:98::1                                server 10.98.0.2, fd00:98::2
#
# bridge: a Linux bridge joins amsTm0 and amsTm1 (run Samples/config/live-monitor.conf on amsTm0);
# inline: nothing joins them (run Samples/config/live-inline.conf: ams forwards). The servers: HTTP on 80,
# 8081 and 8082, DNS, FTP, TFTP, a UDP echo on 8082 (peers.sh). Needs root; `down` removes everything.
set -uo pipefail
LIVE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../Tests/Integration/live" && pwd)"
# shellcheck source=../Tests/Integration/live/topology.sh
source "$LIVE/topology.sh"
# shellcheck source=../Tests/Integration/live/peers.sh
source "$LIVE/peers.sh"
PEER_DIR=${PEER_DIR:-/tmp/ams-live-lab}
[[ $(id -u) -eq 0 ]] || { echo "live-lab.sh: needs root (network namespaces)" >&2; exit 1; }
case "${1:-}" in
    up)
        mode=${2:-}
        [[ $mode == bridge || $mode == inline ]] || { echo "usage: live-lab.sh up bridge|inline" >&2; exit 2; }
        topo_create "$mode" || { topo_destroy; exit 1; }
        peers_start || { echo "live-lab.sh: a server did not start (logs in $PEER_DIR)" >&2; topo_destroy; exit 1; }
        echo "live-lab.sh: up ($mode); clients run with: ip netns exec $AMST_C …; take it down with: $0 down"
        ;;
    down)
        topo_destroy
        rm -rf "$PEER_DIR"
        ;;
    *)
        echo "usage: live-lab.sh up bridge|inline | down" >&2
        exit 2
        ;;
esac
