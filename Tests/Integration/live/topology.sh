# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Tests/Integration/live/topology.sh — sourced (not run) by live.sh and Scripts/bench-live.sh.
# Three network namespaces joined by two veth pairs:
#
#   [amsT-c] amsTc0 ──veth── amsTm0 [amsT-m] amsTm1 ──veth── amsTs0 [amsT-s]
#   10.98.0.1/24 fd00:98::1/64          │                     10.98.0.2/24 fd00:98::2/64
#                                 bridge mode: amsTbr0 (Linux bridge) joins amsTm0 and amsTm1
#                                 inline mode: nothing joins them; only `ams run` (mode inline) forwards
#
# Monitor checks run `ams run` on the bridge port amsTm0 (it sees both directions there); baselines run the
# same clients through the bridge. The server also routes 10.98.5.0/24 into a dead-end veth pair of its own
# (amsTd0/amsTd1) so that traceroute has a hop that answers "time exceeded" and one that answers nothing.
#
# Noise control: ARP and IPv6 neighbours are static on both ends, DAD, router solicitations and RAs are off,
# and IPv6 is disabled in the middle namespace (its ports and bridge have no addresses, so they send no MLD
# or RS). After topo_create settles, the wire carries only what a test sends — which is what lets the
# monitor check compare the daemon's table with a tcpdump capture of the same port strictly.
#
# Offloads (topo_offloads; ethtool -K, all four veth ends, the same in bridge and inline mode):
#   tx off   — the endpoints compute TCP/UDP checksums in software. With it on, veth hands frames over with
#              CHECKSUM_PARTIAL (checksum not filled in); a program that forwards them through AF_PACKET
#              re-sends them with a wrong checksum and TCP stalls (operations-research.md §1.3). Off, every
#              frame on the wire is complete, whatever the forwarder does.
#   tso off, gso off — no 64 KB super-frames: every frame is at most the MTU, so an AF_PACKET send on the
#              peer interface cannot fail with EMSGSIZE, and a frame in tcpdump is a frame on the wire.
#   gro off  — the middle ports do not merge received segments: the rings see wire frames.
# The benchmarks use the same settings for the bridge baseline and for `ams`, so the ratios compare like
# with like; AMST_OFFLOADS=on (bench-live.sh --offloads on) leaves veth's own defaults instead (tx, tso, gso
# on): ams run inline forwards super-frames and completes checksums through its PACKET_VNET_HDR rings.

AMST_C=amsT-c AMST_S=amsT-s AMST_M=amsT-m
AMST_C4=10.98.0.1 AMST_S4=10.98.0.2 AMST_C6=fd00:98::1 AMST_S6=fd00:98::2
AMST_CMAC=02:00:00:98:00:01 AMST_SMAC=02:00:00:98:00:02
AMST_HOPNET=10.98.5.0/24 AMST_DEADHOP=10.98.6.2

in_c() { ip netns exec "$AMST_C" "$@"; }
in_s() { ip netns exec "$AMST_S" "$@"; }
in_m() { ip netns exec "$AMST_M" "$@"; }

# topo_destroy: removes everything topo_create made; safe to call at any time, any number of times.
# Processes still inside the namespaces (started by this suite: peers, clients, ams) are killed by PID first.
topo_destroy() {
    local ns pid
    for ns in "$AMST_C" "$AMST_S" "$AMST_M"; do
        ip netns list 2>/dev/null | grep -q "^$ns\b" || continue
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
    done
    sleep 0.2
    for ns in "$AMST_C" "$AMST_S" "$AMST_M"; do
        ip netns list 2>/dev/null | grep -q "^$ns\b" || continue
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    done
}

# topo_create MODE: MODE is bridge or inline. Fails if a namespace of this suite already exists.
topo_create() {
    local mode=$1 ns
    for ns in "$AMST_C" "$AMST_S" "$AMST_M"; do
        if ip netns list | grep -q "^$ns\b"; then
            echo "topology: namespace $ns exists (another run, or a crashed one: ip netns del $ns)" >&2; return 1
        fi
    done
    ip netns add "$AMST_C" && ip netns add "$AMST_S" && ip netns add "$AMST_M" || return 1
    in_m sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    for ns in "$AMST_C" "$AMST_S"; do
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
            net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 \
            net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
    done
    for ns in "$AMST_C" "$AMST_S" "$AMST_M"; do ip -n "$ns" link set lo up; done
    ip link add amsTc0 netns "$AMST_C" address "$AMST_CMAC" type veth peer name amsTm0 netns "$AMST_M" || return 1
    ip link add amsTs0 netns "$AMST_S" address "$AMST_SMAC" type veth peer name amsTm1 netns "$AMST_M" || return 1
    ip -n "$AMST_C" addr add "$AMST_C4/24" dev amsTc0
    ip -n "$AMST_S" addr add "$AMST_S4/24" dev amsTs0
    ip -n "$AMST_C" addr add "$AMST_C6/64" dev amsTc0 nodad
    ip -n "$AMST_S" addr add "$AMST_S6/64" dev amsTs0 nodad
    ip -n "$AMST_C" neigh replace "$AMST_S4" lladdr "$AMST_SMAC" dev amsTc0 nud permanent
    ip -n "$AMST_S" neigh replace "$AMST_C4" lladdr "$AMST_CMAC" dev amsTs0 nud permanent
    ip -n "$AMST_C" -6 neigh replace "$AMST_S6" lladdr "$AMST_SMAC" dev amsTc0 nud permanent
    ip -n "$AMST_S" -6 neigh replace "$AMST_C6" lladdr "$AMST_CMAC" dev amsTs0 nud permanent
    # The dead-end hop behind the server, for traceroute.
    in_s sysctl -qw net.ipv4.ip_forward=1
    ip -n "$AMST_S" link add amsTd0 type veth peer name amsTd1
    ip -n "$AMST_S" addr add 10.98.6.1/24 dev amsTd0
    ip -n "$AMST_S" link set amsTd0 up
    ip -n "$AMST_S" link set amsTd1 up
    ip -n "$AMST_S" neigh replace "$AMST_DEADHOP" lladdr 02:00:00:98:06:02 dev amsTd0 nud permanent
    ip -n "$AMST_S" route add "$AMST_HOPNET" via "$AMST_DEADHOP" || return 1
    topo_offloads || return 1
    ip -n "$AMST_M" link set amsTm0 up
    ip -n "$AMST_M" link set amsTm1 up
    ip -n "$AMST_C" link set amsTc0 up
    ip -n "$AMST_S" link set amsTs0 up
    ip -n "$AMST_C" route add "$AMST_HOPNET" via "$AMST_S4" || return 1
    if [[ $mode == bridge ]]; then topo_bridge_on || return 1; fi
    # Link-up MLD reports of the endpoints' link-local addresses die down before any test starts.
    sleep 2
}

# topo_offloads: the ethtool settings explained at the top of this file.
topo_offloads() {
    local pair ns ifc
    [[ ${AMST_OFFLOADS:-off} == on ]] && return 0
    for pair in "$AMST_C:amsTc0" "$AMST_S:amsTs0" "$AMST_M:amsTm0" "$AMST_M:amsTm1"; do
        ns=${pair%%:*} ifc=${pair#*:}
        ip netns exec "$ns" ethtool -K "$ifc" tx off tso off gso off gro off >/dev/null 2>&1 || {
            echo "topology: ethtool -K $ifc failed (is ethtool installed?)" >&2; return 1; }
    done
}

# topo_bridge_on / topo_bridge_off: the kernel bridge in the middle, or nothing (inline mode: ams forwards).
topo_bridge_on() {
    if ! ip -n "$AMST_M" link show amsTbr0 >/dev/null 2>&1; then
        # No STP (no BPDUs on the wire), no forwarding delay, no multicast snooping queries.
        ip -n "$AMST_M" link add amsTbr0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 || return 1
    fi
    ip -n "$AMST_M" link set amsTm0 master amsTbr0
    ip -n "$AMST_M" link set amsTm1 master amsTbr0
    ip -n "$AMST_M" link set amsTbr0 up
}
topo_bridge_off() {
    ip -n "$AMST_M" link set amsTm0 nomaster 2>/dev/null || true
    ip -n "$AMST_M" link set amsTm1 nomaster 2>/dev/null || true
    ip -n "$AMST_M" link del amsTbr0 2>/dev/null || true
}

# topo_link_stat NS IF rx|tx: the interface's packet counter (ip -s).
topo_link_stat() {
    ip -n "$1" -s -j link show "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"][sys.argv[1]]["packets"])' "$3"
}
