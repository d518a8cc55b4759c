#!/usr/bin/env bash
# make-captures.sh [OUTDIR] — record real traffic between two network namespaces
# (real Debian servers and clients) into small pcap fixtures, and write each capture's
# ground truth with Scripts/oracle-sessions.sh (tshark; never ams).
#
# Needs root, iproute2, tcpdump, tshark (editcap), python3, curl, dnsmasq, bind9-dnsutils (dig),
# iputils-ping, vsftpd, tftpd-hpa, tftp-hpa, traceroute, ffmpeg (RTSP). PPTP and SQL*Net are spoken by the
# scripted peers in Tests/Integration/peers/ (no Debian peer works in a namespace; see their headers).
#
# Topology:  [amsc] vc 10.99.0.1/24 fd00:99::1/64  <-- veth -->  vs 10.99.0.2/24 fd00:99::2/64 [amss]
# tcpdump runs inside amsc on vc (Ethernet), plus on "any" (Linux cooked SLL / SLL2) for the HTTP phase.
#
# Without OUTDIR the fixtures go to Tests/EndToEndTests/Captures/ and mixed.pcap is also copied to
# Samples/sample.pcap. With OUTDIR everything goes there only. Next to each capture F the oracle writes
# F.sessions.tsv (expected sessions) and F.packets (total frame count).
#
# Noise control: IPv6 neighbours are static and DAD/router solicitation are off, and the capture filter
# drops IPv6 multicast (MLD/RS leftovers), so every IP packet in a capture belongs to an echo, TCP or UDP
# session. IPv4 ARP is left in (non-IP frames that a replay must skip).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ORACLE="$HERE/oracle-sessions.sh"

if [[ $# -gt 1 ]]; then echo "usage: $0 [OUTDIR]" >&2; exit 2; fi
if [[ $# -eq 1 ]]; then
    OUT=$1; SAMPLE=""
else
    OUT="$ROOT/Tests/EndToEndTests/Captures"; SAMPLE="$ROOT/Samples/sample.pcap"
fi
[[ $(id -u) -eq 0 ]] || { echo "$0: needs root (network namespaces, tcpdump)" >&2; exit 1; }
for tool in ip tcpdump tshark editcap capinfos python3 curl dnsmasq dig ping vsftpd in.tftpd tftp traceroute ffmpeg ss timeout; do
    command -v "$tool" >/dev/null || { echo "$0: missing tool: $tool" >&2; exit 1; }
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# No proxies: every request must go to the server namespace.
unset http_proxy https_proxy ftp_proxy all_proxy no_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY ALL_PROXY NO_PROXY

C=amsc S=amss
C4=10.99.0.1 S4=10.99.0.2 C6=fd00:99::1 S6=fd00:99::2
CMAC=02:00:00:99:00:01 SMAC=02:00:00:99:00:02
FILTER='not ip6 multicast'
WORK=$(mktemp -d /tmp/ams-captures.XXXXXX)
chmod 755 "$WORK"
PIDS=()

log() { printf '[make-captures] %s\n' "$*" >&2; }
inc() { ip netns exec "$C" "$@"; }
ins() { ip netns exec "$S" "$@"; }

cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    ip netns del "$C" 2>/dev/null || true
    ip netns del "$S" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() { local p=$1 i; for i in "${!PIDS[@]}"; do [[ ${PIDS[$i]} == "$p" ]] && unset 'PIDS[i]'; done; PIDS=("${PIDS[@]}"); }

# --- topology -------------------------------------------------------------------------------------
setup() {
    local ns
    for ns in "$C" "$S"; do
        if ip netns list | grep -qw "^$ns"; then echo "$0: namespace $ns already exists (another run?)" >&2; exit 1; fi
    done
    ip netns add "$C"; ip netns add "$S"
    ip link add vc netns "$C" address "$CMAC" type veth peer name vs netns "$S" address "$SMAC"
    for ns in "$C" "$S"; do
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
            net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 \
            net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
        ip -n "$ns" link set lo up
    done
    ip -n "$C" addr add "$C4/24" dev vc
    ip -n "$S" addr add "$S4/24" dev vs
    ip -n "$C" addr add "$C6/64" dev vc nodad
    ip -n "$S" addr add "$S6/64" dev vs nodad
    ip -n "$C" link set vc up
    ip -n "$S" link set vs up
    ip -n "$C" -6 neigh replace "$S6" lladdr "$SMAC" dev vc nud permanent
    ip -n "$S" -6 neigh replace "$C6" lladdr "$CMAC" dev vs nud permanent
    # Let link-up MLD reports and friends die down before any capture starts.
    sleep 3
}

flush_arp() { ip -n "$C" -4 neigh flush dev vc 2>/dev/null || true; ip -n "$S" -4 neigh flush dev vs 2>/dev/null || true; }

# --- capture control ------------------------------------------------------------------------------
# start_capture VAR IFACE FILE [tcpdump options...]: starts tcpdump in amsc, waits until it listens.
start_capture() {
    local var=$1 ifc=$2 file=$3; shift 3
    # Started directly (not through a shell function) so that $! is tcpdump itself.
    ip netns exec "$C" tcpdump -i "$ifc" -n -U --immediate-mode -Z root -w "$file" "$@" "$FILTER" 2>"$file.log" &
    local pid=$!
    PIDS+=("$pid")
    local i
    for i in $(seq 50); do grep -q 'listening on' "$file.log" 2>/dev/null && break; sleep 0.1; done
    grep -q 'listening on' "$file.log" || { cat "$file.log" >&2; echo "$0: tcpdump did not start" >&2; exit 1; }
    printf -v "$var" '%s' "$pid"
}
stop_capture() {
    local pid=$1 i
    kill -INT "$pid" 2>/dev/null || true
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -TERM "$pid" 2>/dev/null || true   # fallback; tcpdump flushes on SIGTERM too
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

# wait_listen PROTO(t|u) PORT: bounded wait until a socket listens in amss.
wait_listen() {
    local i
    for i in $(seq 50); do
        if ins ss -Hn"$1"l "sport = :$2" | grep -q .; then return 0; fi
        sleep 0.1
    done
    echo "$0: nothing listens on $1/$2 in $S" >&2; exit 1
}

# --- servers --------------------------------------------------------------------------------------
HTTP_PID="" DNS_PID="" FTP_PID=""
start_http() {
    mkdir -p "$WORK/www"
    printf '<html><body>ams test page</body></html>\n' >"$WORK/www/index.html"
    head -c 3000 /dev/zero | tr '\0' 'a' >"$WORK/www/a.txt"
    ip netns exec "$S" timeout 300 python3 -m http.server 8080 --bind :: --directory "$WORK/www" >"$WORK/http.log" 2>&1 &
    HTTP_PID=$!; PIDS+=("$HTTP_PID")
    wait_listen t 8080
}
start_dns() {
    ip netns exec "$S" timeout 300 dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --pid-file= \
        --address=/example.test/"$S4" --port=53 --listen-address="$S4" --bind-interfaces \
        >"$WORK/dns.log" 2>&1 &
    DNS_PID=$!; PIDS+=("$DNS_PID")
    wait_listen u 53
}
start_ftp() {
    mkdir -p "$WORK/ftproot"
    chmod 755 "$WORK/ftproot"
    printf 'hello from the ams ftp fixture\n' >"$WORK/ftproot/hello.txt"
    head -c 2000 /dev/zero | tr '\0' 'f' >"$WORK/ftproot/data.bin"
    chmod 644 "$WORK/ftproot/"*
    mkdir -p /var/run/vsftpd/empty
    sed "s|@ROOT@|$WORK/ftproot|" "$ROOT/Tests/Integration/vsftpd.conf.in" >"$WORK/vsftpd.conf"
    chmod 600 "$WORK/vsftpd.conf"
    ip netns exec "$S" timeout 300 vsftpd "$WORK/vsftpd.conf" >"$WORK/ftp.log" 2>&1 &
    FTP_PID=$!; PIDS+=("$FTP_PID")
    wait_listen t 21
}
TFTP_PID=""
start_tftp() {
    mkdir -p "$WORK/tftproot" "$WORK/tftpclient"
    chmod 777 "$WORK/tftproot"
    printf 'hello from the ams tftp fixture\n' >"$WORK/tftproot/hello.txt"
    head -c 1500 /dev/zero | tr '\0' 't' >"$WORK/tftproot/data.bin"
    printf 'uploaded over tftp\n' >"$WORK/tftpclient/upload.txt"
    chmod 666 "$WORK/tftproot/"*
    ip netns exec "$S" timeout 300 in.tftpd --foreground --listen --address "$S4:69" --secure --create \
        --user root "$WORK/tftproot" >"$WORK/tftp.log" 2>&1 &
    TFTP_PID=$!; PIDS+=("$TFTP_PID")
    wait_listen u 69
}
stop_server() { local p=$1; [[ -n $p ]] || return 0; kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; forget_pid "$p"; }

# --- clients (every request bounded in time) ------------------------------------------------------
CURL=(curl -sS --noproxy '*' --max-time 10 -o /dev/null)
http_get() { inc "${CURL[@]}" "$1"; }
dig_a() { inc dig +tries=1 +time=3 +short @"$S4" example.test A | grep -qx "$S4"; }
ftp_get() { inc "${CURL[@]}" "$@"; }

ftp_passive_epsv() { ftp_get "ftp://$S4/hello.txt"; }                                  # EPSV / 229
ftp_passive_pasv() { ftp_get --disable-epsv "ftp://$S4/data.bin"; }                    # PASV / 227
ftp_active_port()  { ftp_get --ftp-port - --disable-eprt "ftp://$S4/hello.txt"; }      # PORT
ftp_active_eprt()  { ftp_get --ftp-port - "ftp://$S4/data.bin"; }                      # EPRT
ftp_passive_v6()   { ftp_get "ftp://[$S6]/hello.txt"; }                                 # EPSV over IPv6

settle() { sleep 0.5; }

# --- captures -------------------------------------------------------------------------------------
capture_http() {
    log "http.pcap (+ http.sll.pcap, http.sll2.pcap)"
    start_http; flush_arp
    local p1 p2 p3
    start_capture p1 vc "$WORK/http.pcap"
    start_capture p2 any "$WORK/http.sll.pcap" -y LINUX_SLL
    start_capture p3 any "$WORK/http.sll2.pcap" -y LINUX_SLL2
    http_get "http://$S4:8080/"; settle
    http_get "http://$S4:8080/a.txt"; settle
    http_get "http://$S4:8080/index.html"; settle
    http_get "http://[$S6]:8080/"; settle
    stop_capture "$p1"; stop_capture "$p2"; stop_capture "$p3"
    stop_server "$HTTP_PID"
}
capture_dns_icmp() {
    log "dns-icmp.pcap"
    start_dns; flush_arp
    local p
    start_capture p vc "$WORK/dns-icmp.pcap"
    local i
    for i in 1 2 3 4; do dig_a; settle; done
    inc ping -n -q -c 5 -i 0.2 -W 2 "$S4" >/dev/null
    inc ping -6 -n -q -c 3 -i 0.2 -W 2 "$S6" >/dev/null
    settle
    stop_capture "$p"
    stop_server "$DNS_PID"
}
capture_ftp() {
    log "ftp.pcap"
    start_ftp; flush_arp
    local p
    start_capture p vc "$WORK/ftp.pcap"
    ftp_passive_epsv; settle
    ftp_passive_pasv; settle
    ftp_active_port; settle
    ftp_active_eprt; settle
    ftp_passive_v6; settle
    stop_capture "$p"
    stop_server "$FTP_PID"
}
capture_tftp() {
    log "tftp.pcap"
    start_tftp; flush_arp
    local p
    start_capture p vc "$WORK/tftp.pcap"
    (cd "$WORK/tftpclient" && inc tftp -m binary "$S4" -c get hello.txt); settle
    (cd "$WORK/tftpclient" && inc tftp -m binary "$S4" -c get data.bin); settle
    (cd "$WORK/tftpclient" && inc tftp -m binary "$S4" -c put upload.txt); settle
    stop_capture "$p"
    stop_server "$TFTP_PID"
    cmp -s "$WORK/tftproot/data.bin" "$WORK/tftpclient/data.bin" || { echo "$0: tftp get failed" >&2; exit 1; }
}
capture_traceroute() {
    log "traceroute.pcap"
    # The server routes 10.99.5.0/24 into a veth pair of its own whose far end answers nothing: a probe
    # with TTL 1 dies at the server (time exceeded), one with TTL 2 vanishes; probes to the server itself
    # end in port unreachable.
    ins sysctl -qw net.ipv4.ip_forward=1
    ins ip link add d0 type veth peer name d1
    ins ip link set d0 up
    ins ip link set d1 up
    ins ip addr add 10.99.6.1/24 dev d0
    ins ip neigh add 10.99.6.2 lladdr 02:00:00:99:06:02 dev d0
    ins ip route add 10.99.5.0/24 via 10.99.6.2
    inc ip route add 10.99.5.0/24 via "$S4"
    flush_arp
    local p
    start_capture p vc "$WORK/traceroute.pcap"
    inc traceroute -n -q 1 -m 2 -N 1 -w 1 -p 33435 10.99.5.5 >/dev/null; settle
    inc traceroute -n -q 2 -m 1 -N 1 -p 33440 "$S4" >/dev/null; settle
    stop_capture "$p"
}
RTSP_PID=""
start_rtsp() {
    # ffmpeg as an RTSP server in listen mode: it takes one publisher's ANNOUNCE, SETUP and RECORD.
    ip netns exec "$S" timeout 60 ffmpeg -nostdin -hide_banner -loglevel error -rtsp_flags listen -timeout 30 \
        -i "rtsp://$S4:554/live" -f null - >"$WORK/rtsp.log" 2>&1 &
    RTSP_PID=$!; PIDS+=("$RTSP_PID")
    wait_listen t 554
}
rtsp_publish() {  # rtsp_publish udp|tcp: one second of 8 kHz mu-law audio, RTP over UDP or interleaved
    inc timeout 30 ffmpeg -nostdin -hide_banner -loglevel error -re -f lavfi -i sine=frequency=440:duration=1 \
        -c:a pcm_mulaw -ar 8000 -f rtsp -rtsp_transport "$1" "rtsp://$S4:554/live"
    wait "$RTSP_PID" 2>/dev/null || true; forget_pid "$RTSP_PID"
}
capture_rtsp() {
    log "rtsp.pcap"
    flush_arp
    local p
    start_capture p vc "$WORK/rtsp.pcap"
    start_rtsp; rtsp_publish udp; settle
    start_rtsp; rtsp_publish tcp; settle
    stop_capture "$p"
}
PEERS="$ROOT/Tests/Integration/peers"
capture_scripted() {  # capture_scripted NAME PEER PORT: a scripted server in amss, its client in amsc
    local name=$1 peer=$2 port=$3 p pid
    log "$name.pcap"
    flush_arp
    start_capture p vc "$WORK/$name.pcap"
    ip netns exec "$S" timeout 60 python3 "$PEERS/$peer" server "$S4" >"$WORK/$name.log" 2>&1 &
    pid=$!; PIDS+=("$pid")
    wait_listen t "$port"
    inc timeout 30 python3 "$PEERS/$peer" client "$S4"
    wait "$pid" || { cat "$WORK/$name.log" >&2; echo "$0: $peer server failed" >&2; exit 1; }
    forget_pid "$pid"
    settle
    stop_capture "$p"
}
capture_mixed() {
    log "mixed.pcap"
    start_http; start_dns; start_ftp; flush_arp
    local p
    start_capture p vc "$WORK/mixed.pcap"
    inc ping -n -q -c 3 -i 0.2 -W 2 "$S4" >/dev/null
    http_get "http://$S4:8080/"; settle
    dig_a; settle
    ftp_passive_pasv; settle
    http_get "http://[$S6]:8080/index.html"; settle
    ftp_active_port; settle
    dig_a; settle
    inc ping -6 -n -q -c 2 -i 0.2 -W 2 "$S6" >/dev/null
    http_get "http://$S4:8080/a.txt"; settle
    stop_capture "$p"
    stop_server "$HTTP_PID"; stop_server "$DNS_PID"; stop_server "$FTP_PID"
}

setup
capture_http
capture_dns_icmp
capture_ftp
capture_tftp
capture_traceroute
capture_rtsp
capture_scripted pptp pptp_peer.py 1723
capture_scripted sqlnet tns_peer.py 1521
capture_mixed

# Derived format variants, made by tools from http.pcap.
editcap -F pcapng "$WORK/http.pcap" "$WORK/http.pcapng"
editcap -F nsecpcap "$WORK/http.pcap" "$WORK/http.nsec.pcap"

NAMES=(http.pcap http.pcapng http.nsec.pcap http.sll.pcap http.sll2.pcap dns-icmp.pcap ftp.pcap tftp.pcap traceroute.pcap rtsp.pcap pptp.pcap sqlnet.pcap mixed.pcap)
for f in "${NAMES[@]}"; do
    cp "$WORK/$f" "$OUT/$f"
    "$ORACLE" --write "$OUT/$f"
    size=$(stat -c %s "$OUT/$f")
    [[ $size -lt 102400 ]] || log "WARNING: $f is $size bytes (>= 100 KB)"
    log "$(printf '%-16s %6s bytes %4s packets %3s sessions' "$f" "$size" "$(cat "$OUT/$f.packets")" "$(grep -vc '^#' "$OUT/$f.sessions.tsv" || true)")"
done
if [[ -n $SAMPLE ]]; then
    mkdir -p "$(dirname "$SAMPLE")"
    cp "$OUT/mixed.pcap" "$SAMPLE"
    log "copied mixed.pcap to $SAMPLE"
fi
log "done: $OUT"
