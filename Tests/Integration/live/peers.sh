# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Tests/Integration/live/peers.sh — sourced after topology.sh. The real Debian servers of the live suite,
# each started inside the server namespace with its own files and configuration in $PEER_DIR, each under
# `timeout` (so nothing outlives a crashed suite by more than PEER_LIFETIME seconds), each waited for with a
# bounded wait until its socket listens, and each killed by PID in peers_stop:
#
#   python3 -m http.server   tcp/80 (v4 and v6): index.html, big.bin (2 MiB, for transfers across a reload)
#                            tcp/8081, tcp/8082: the same, on the ports the sample policy discards and rejects
#   udp_probe.py server      udp/8082 (v4 and v6): echo, on the UDP port the sample policy rejects
#   dnsmasq                  udp+tcp/53 on both addresses: amst.test A 10.98.0.2, AAAA fd00:98::2
#   vsftpd                   tcp/21 (v4 and v6), anonymous, active (PORT/EPRT, from port 20) and passive
#                            (PASV/EPSV, ports 30000-30009): hello.txt, data.bin (200 KiB)
#   in.tftpd (tftpd-hpa)     udp/69 on 10.98.0.2: hello.txt, data.bin (40 KiB); uploads allowed (--create)
#   iperf3 -s                tcp/5201 (peers_start_iperf; the benchmarks only)

PEER_LIFETIME=${PEER_LIFETIME:-600}
AMST_PEERS_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEER_PIDS=()

# peer_wait_listen t|u PORT: bounded wait (5 s) until a socket listens on PORT in the server namespace.
peer_wait_listen() {
    local i
    for i in $(seq 50); do
        in_s ss -Hn"$1"l "sport = :$2" | grep -q . && return 0
        sleep 0.1
    done
    echo "peers: nothing listens on $1/$2 in $AMST_S" >&2
    return 1
}

# peer_spawn LOG COMMAND…: starts COMMAND in the server namespace in the background, remembers its PID.
peer_spawn() {
    local log=$1; shift
    ip netns exec "$AMST_S" timeout "$PEER_LIFETIME" "$@" >"$log" 2>&1 &
    PEER_PIDS+=("$!")
}

peers_start() {
    PEER_DIR=${PEER_DIR:?PEER_DIR not set}
    mkdir -p "$PEER_DIR/www" "$PEER_DIR/ftproot" "$PEER_DIR/tftproot"
    chmod 755 "$PEER_DIR" "$PEER_DIR/ftproot"
    chmod 777 "$PEER_DIR/tftproot"
    printf '<html><body>ams live test page</body></html>\n' >"$PEER_DIR/www/index.html"
    head -c $((2 * 1024 * 1024)) /dev/urandom >"$PEER_DIR/www/big.bin"
    printf 'hello from the ams live ftp peer\n' >"$PEER_DIR/ftproot/hello.txt"
    head -c $((200 * 1024)) /dev/urandom >"$PEER_DIR/ftproot/data.bin"
    printf 'hello from the ams live tftp peer\n' >"$PEER_DIR/tftproot/hello.txt"
    head -c $((40 * 1024)) /dev/urandom >"$PEER_DIR/tftproot/data.bin"
    chmod 644 "$PEER_DIR/ftproot/"* "$PEER_DIR/www/"*
    chmod 666 "$PEER_DIR/tftproot/"*

    local port
    for port in 80 8081 8082; do
        peer_spawn "$PEER_DIR/http-$port.log" python3 -m http.server "$port" --bind :: --directory "$PEER_DIR/www"
    done

    peer_spawn "$PEER_DIR/udp4.log" python3 "$AMST_PEERS_HERE/udp_probe.py" server "$AMST_S4" 8082
    peer_spawn "$PEER_DIR/udp6.log" python3 "$AMST_PEERS_HERE/udp_probe.py" server "$AMST_S6" 8082

    peer_spawn "$PEER_DIR/dns.log" dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
        --pid-file= --user=root --port=53 --bind-interfaces --listen-address="$AMST_S4" --listen-address="$AMST_S6" \
        --host-record=amst.test,"$AMST_S4","$AMST_S6"

    mkdir -p /var/run/vsftpd/empty
    sed "s|@ROOT@|$PEER_DIR/ftproot|" "$AMST_PEERS_HERE/../vsftpd.conf.in" >"$PEER_DIR/vsftpd.conf"
    chmod 600 "$PEER_DIR/vsftpd.conf"
    peer_spawn "$PEER_DIR/ftp.log" vsftpd "$PEER_DIR/vsftpd.conf"

    peer_spawn "$PEER_DIR/tftp.log" in.tftpd --foreground --listen --address "$AMST_S4:69" --secure --create \
        --user root "$PEER_DIR/tftproot"

    peer_wait_listen t 80 && peer_wait_listen t 8081 && peer_wait_listen t 8082 && peer_wait_listen u 53 &&
        peer_wait_listen t 53 && peer_wait_listen t 21 && peer_wait_listen u 69 && peer_wait_listen u 8082
}

peers_start_iperf() {
    mkdir -p "${PEER_DIR:?PEER_DIR not set}"
    peer_spawn "$PEER_DIR/iperf3.log" iperf3 -s -p 5201
    peer_wait_listen t 5201
}

# peers_stop: kills every peer by PID (TERM, then KILL after a bounded wait); safe to call twice.
peers_stop() {
    local p i
    for p in "${PEER_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for i in $(seq 20); do
        local alive=0
        for p in "${PEER_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.1
    done
    for p in "${PEER_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    PEER_PIDS=()
}
