#!/usr/bin/env bash
# oracle-sessions.sh [--write] CAPTURE — the expected session table of a capture, computed independently
# of ams: tshark dissects every frame, a few lines of python group the frames into sessions.
#
# Output (stdout, or with --write the files CAPTURE.sessions.tsv and CAPTURE.packets next to CAPTURE):
#   # proto  initiator_ip  initiator_port  responder_ip  responder_port  frames_I  frames_O
#   one tab-separated line per session, sorted by byte order of the whole line (LC_ALL=C sort).
# Session rules (SPEC §1, §4, --no-expire view, no timeouts applied):
#   TCP   one session per tshark tcp.stream (a new SYN on a finished 5-tuple is a new stream);
#         initiator = sender of the first SYN without ACK, else of the first packet.
#   UDP   one session per tshark udp.stream (5-tuple); initiator = sender of the first packet.
#   ICMP / ICMPv6 echo: one session per (address pair, identifier); ports "-";
#         initiator = sender of the first echo request, else of the first packet.
#   Other IP protocols (and non-echo, non-error ICMP): one session per (protocol, address pair), ports "-".
#   ICMP errors quoting TCP or UDP count on the quoted flow's session (SPEC §4), towards the quoted packet's
#   sender; quoting no known session, they are not counted (the engine drops them). Errors quoting other
#   protocols are not attributed: a warning on stderr and exit 3. --lenient: warn, exit 0.
#   Non-IP frames (ARP, ...) are in CAPTURE.packets only.
# frames_I = packets initiator->responder, frames_O = packets responder->initiator.
set -euo pipefail

WRITE=0 LENIENT=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --write) WRITE=1; shift ;;
        --lenient) LENIENT=1; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        --) shift; break ;;
        -*) echo "usage: $0 [--write] [--lenient] CAPTURE" >&2; exit 2 ;;
        *) break ;;
    esac
done
[[ $# -eq 1 ]] || { echo "usage: $0 [--write] [--lenient] CAPTURE" >&2; exit 2; }
CAP=$1
[[ -r $CAP ]] || { echo "$0: cannot read $CAP" >&2; exit 1; }
command -v tshark >/dev/null || { echo "$0: tshark is required (apt-get install tshark)" >&2; exit 1; }

FIELDS=(ip.src ip.dst ipv6.src ipv6.dst ip.proto ipv6.nxt
        tcp.stream tcp.srcport tcp.dstport tcp.flags.syn tcp.flags.ack
        udp.stream udp.srcport udp.dstport
        icmp.type icmp.ident icmpv6.type icmpv6.echo.identifier)
ARGS=()
for f in "${FIELDS[@]}"; do ARGS+=(-e "$f"); done

# Plain, per-frame dissection: no name resolution, no IP reassembly (each frame is counted on its own).
table() {
    tshark -n -r "$CAP" -o ip.defragment:FALSE -o ipv6.defragment:FALSE \
        -T fields -E separator=/t -E occurrence=a -E aggregator=, "${ARGS[@]}" 2>/dev/null |
    LENIENT=$LENIENT python3 -c '
import os, sys
NAMES = {1: "ICMP", 6: "TCP", 17: "UDP", 47: "GRE", 50: "ESP", 51: "AH", 58: "ICMPV6", 132: "SCTP"}
ICMP4_ERR = {3, 4, 5, 11, 12}
ICMP6_ERR = {1, 2, 3, 4}
def first(v): return v.split(",")[0] if v else ""
def last(v): return v.split(",")[-1] if v else ""
def true(v): return first(v) in ("1", "True", "true")
sessions = {}   # key -> [proto, a, aport, b, bport, frames a->b, frames b->a, initiator_fixed]
order = []
warnings = 0
for n, line in enumerate(sys.stdin, 1):
    f = line.rstrip("\n").split("\t")
    f += [""] * (18 - len(f))
    (ip_src, ip_dst, ip6_src, ip6_dst, ip_proto, ip6_nxt, tcp_stream, tsp, tdp, syn, ack,
     udp_stream, usp, udp_, icmp_type, icmp_id, icmp6_type, icmp6_id) = f[:18]
    if ip_src:
        src, dst, proto = first(ip_src), first(ip_dst), int(first(ip_proto))
    elif ip6_src:
        src, dst, proto = first(ip6_src), first(ip6_dst), int(last(ip6_nxt))
    else:
        continue  # not IP
    sport = dport = "-"
    request = True
    if proto == 1 or proto == 58:
        t = int(first(icmp_type if proto == 1 else icmp6_type) or -1)
        echo_req, echo_rep = (8, 0) if proto == 1 else (128, 129)
        if t in (ICMP4_ERR if proto == 1 else ICMP6_ERR):
            # Counted on the session of the flow the error quotes (the last occurrence of each field is
            # the quoted header), in the direction towards the sender of the quoted packet; an error whose
            # flow has no session is dropped, so not counted.
            if proto == 1:
                qsrc, qdst, qproto = last(ip_src), last(ip_dst), int(last(ip_proto) or -1)
            else:
                qsrc, qdst, qproto = last(ip6_src), last(ip6_dst), int(last(ip6_nxt) or -1)
            if qproto == 6:
                qs, qd = last(tsp), last(tdp)
            elif qproto == 17:
                qs, qd = last(usp), last(udp_)
            else:
                print(f"oracle: frame {n}: ICMP error quoting protocol {qproto} not attributed", file=sys.stderr)
                warnings += 1
                continue
            found = [k for k in order if sessions[k][0] == NAMES[qproto]
                     and {(sessions[k][1], sessions[k][2]), (sessions[k][3], sessions[k][4])} == {(qsrc, qs), (qdst, qd)}]
            if found:
                s = sessions[found[-1]]
                if (s[1], s[2]) == (qsrc, qs):
                    s[6] += 1
                else:
                    s[5] += 1
            continue
        if t in (echo_req, echo_rep):
            ident = first(icmp_id if proto == 1 else icmp6_id)
            key = (proto, "echo", frozenset((src, dst)), int(ident, 0))
            request = t == echo_req
        else:
            print(f"oracle: frame {n}: ICMP type {t} keyed by addresses only", file=sys.stderr)
            key = (proto, "addr", frozenset((src, dst)))
    elif proto == 6 and tcp_stream:
        key = (6, int(first(tcp_stream)))
        sport, dport = first(tsp), first(tdp)
        request = true(syn) and not true(ack)
    elif proto == 17 and udp_stream:
        key = (17, int(first(udp_stream)))
        sport, dport = first(usp), first(udp_)
    else:
        key = (proto, "addr", frozenset((src, dst)))
    s = sessions.get(key)
    if s is None:
        s = sessions[key] = [NAMES.get(proto, str(proto)), src, sport, dst, dport, 0, 0, request]
        order.append(key)
    elif not s[7] and request and proto in (1, 6, 58):
        # The first packet seen was not the opener; the first real opener defines the initiator.
        if s[1] != src:
            s[1:5], s[5], s[6] = [src, sport, dst, dport], s[6], s[5]
        s[7] = True
    if src == s[1] and (sport == s[2]):
        s[5] += 1
    else:
        s[6] += 1
print("# proto\tinitiator_ip\tinitiator_port\tresponder_ip\tresponder_port\tframes_I\tframes_O")
for line in sorted("\t".join(map(str, sessions[k][:7])) for k in order):
    print(line)
sys.exit(3 if warnings and os.environ.get("LENIENT") != "1" else 0)
'
}

if [[ $WRITE -eq 1 ]]; then
    table >"$CAP.sessions.tsv"
    capinfos -M -c "$CAP" | awk -F'\t|: +' '/Number of packets/ {print $NF}' >"$CAP.packets"
else
    table
fi
