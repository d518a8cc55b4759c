#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# NETCONF over SSH with real clients (SPEC.md §7): three `ams run --replay` daemons on the sample capture with
# users in their configuration (a password user, super-user; a key user, read-only) and a host key in a
# scratch directory — one with the default framing, one rfc-compliant, one for the checks that clear its
# sessions. PyEZ and ncclient (Tests/Integration/netconf/clients.py) against the first two, each check
# asserting what the client returns; JSNAPy (netconf/jsnapy_check.py: its snapcheck passes, and fails once the
# sessions are cleared) and the README's PyEZ and JSNAPy examples (Samples/netconf/, netconf/readme_examples.py)
# against the third; Ansible's junipernetworks.junos (netconf/ansible_check.py) against the first. Then the
# host key is the same after a restart, and a raw socket's garbage ends only its own connection; then hostile and
# busy clients (Tests/Integration/netconf/hostile.py) against a fourth daemon replaying a generated capture (needs
# ams-tracegen next to ams, or AMS_TRACEGEN).
# Needs the clients from Scripts/install-test-peers.sh (the virtualenv $AMS_NETCONF_PYTHON, default
# /opt/ams-netconf-venv/bin/python); skipped, with a SKIP line, without them.
#   AMS=path/to/ams Tests/Integration/netconf.sh
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ams="${AMS:-$root/.build/debug/ams}"
python="${AMS_NETCONF_PYTHON:-/opt/ams-netconf-venv/bin/python}"
sample="$root/Samples/sample.pcap"
if ! "$python" -c 'import jnpr.junos, ncclient' 2>/dev/null; then
    echo "SKIP netconf: no PyEZ/ncclient at $python (Scripts/install-test-peers.sh installs them)"
    echo "0 passed, 0 failed"
    exit 0
fi
# The suite's scratch directory, counts, checks and daemons (stopped at exit): expect.sh.
source "$(dirname "${BASH_SOURCE[0]}")/expect.sh"
result() {  # result NAME OK DETAIL
    if [[ $2 == 0 ]]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); echo "FAIL $1 $3"; fi
}
# wait_for, and the expect check of the other suites.
# run_checks NAME SCRIPT ARG…: a check script of netconf/ run by the clients' Python with HOME in $scratch;
# its PASS/FAIL lines are printed and counted, and a script that does not reach its closing count fails.
run_checks() {
    local name=$1; shift
    HOME="$scratch" "$python" "$@" >"$scratch/$name.out" 2>&1
    grep -E '^(PASS|FAIL)' "$scratch/$name.out"
    passed=$((passed + $(grep -c '^PASS' "$scratch/$name.out")))
    failed=$((failed + $(grep -c '^FAIL' "$scratch/$name.out")))
    if ! grep -Eq '^[0-9]+ passed, [0-9]+ failed$' "$scratch/$name.out"; then
        result "$name ran to the end" 1 "$(tail -20 "$scratch/$name.out")"
    fi
}
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

ssh-keygen -q -t ed25519 -N '' -C bob@test -f "$scratch/bob" >/dev/null
hash="$(openssl passwd -6 -salt amsnetconf secret1)"
port="$(free_port)"
chunked_port="$(free_port)"
samples_port="$(free_port)"
# write_config FILE PORT EXTRA: the sample firewall (long timeouts: nothing ages out during the checks) with
# the NETCONF server and the users.
write_config() {
    sed -e 's/close-timeout 4;/close-timeout 300; open-timeout 300;/' \
        -e 's/inactivity-timeout 60; /inactivity-timeout 600;/' "$root/Samples/config/stateful-firewall.conf" >"$1"
    cat >>"$1" <<CONF
system {
    services {
        netconf {
            ssh {
                port $2;
            }
            $3
        }
    }
    login {
        user alice {
            uid 2001;
            class super-user;
            authentication {
                encrypted-password "$hash";
            }
        }
        user bob {
            uid 2002;
            class read-only;
            authentication {
                ssh-ed25519 "$(cat "$scratch/bob.pub")";
            }
        }
    }
}
CONF
}
write_config "$scratch/plain.conf" "$port" ""
write_config "$scratch/rfc.conf" "$chunked_port" "rfc-compliant;"
write_config "$scratch/samples.conf" "$samples_port" ""
# start NAME CONFIG: a daemon on its own socket and host key, its log in $scratch/NAME.log.
start() {
    "$ams" run --config "$2" --replay "$sample" --as-fast-as-possible --socket "$scratch/$1.sock" \
        --netconf-host-key "$scratch/$1.key" 2>"$scratch/$1.log" &
    daemons+=($!)
    wait_for "end of capture" "$scratch/$1.log"
}
start plain "$scratch/plain.conf"
start rfc "$scratch/rfc.conf"
start samples "$scratch/samples.conf"
grep -q "NETCONF over SSH on 127.0.0.1 port $port, 2 users; host key $scratch/plain.key (created): ED25519 SHA256:" \
    "$scratch/plain.log"
result "the start line names address, port, users, the new host key and its fingerprint" $? "$(cat "$scratch/plain.log")"
grep -q "port $chunked_port (rfc-compliant)" "$scratch/rfc.log"
result "the rfc-compliant daemon says so" $? "$(cat "$scratch/rfc.log")"

checks="$root/Tests/Integration/netconf"
fingerprint="$(grep -o 'ED25519 SHA256:[A-Za-z0-9+/]*' "$scratch/plain.log" | head -1)"
run_checks clients "$checks/clients.py" --port "$port" --chunked-port "$chunked_port" \
    --key "$scratch/bob" --ams "$ams" --socket "$scratch/plain.sock" --fingerprint "$fingerprint"
# show system netconf (ours) over the control socket: the same host key, and its public half in known_hosts form.
"$ams" show --socket "$scratch/plain.sock" system netconf >"$scratch/netconf-status.txt" 2>&1
grep -q "^  Host key: *$fingerprint\$" "$scratch/netconf-status.txt" \
    && grep -q "^  Listening on: *127.0.0.1 port $port\$" "$scratch/netconf-status.txt" \
    && grep -q "^  Public host key: *ssh-ed25519 AAAA" "$scratch/netconf-status.txt"
result "show system netconf: address, port and the host key printed at the start" $? "$(cat "$scratch/netconf-status.txt")"
# OpenSSH's own client, the host key checked against what show system netconf gives (a known_hosts line), its
# requests from a file: each is answered before the session ends at the file's end.
printf '[127.0.0.1]:%s %s\n' "$port" "$(sed -n 's/^  Public host key: *//p' "$scratch/netconf-status.txt")" \
    >"$scratch/known_hosts"
{
    printf '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
    printf '<capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>'
    printf '<rpc message-id="7"><get-service-msp-sess-count-information/></rpc>]]>]]>'
    printf '<rpc message-id="8"><get-chassis-inventory/></rpc>]]>]]>'
} >"$scratch/requests.xml"
timeout 30 ssh -q -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$scratch/known_hosts" \
    -o IdentitiesOnly=yes -i "$scratch/bob" -p "$port" -s bob@127.0.0.1 netconf \
    <"$scratch/requests.xml" >"$scratch/openssh.out" 2>&1
status=$?
grep -q 'message-id="7"' "$scratch/openssh.out" && grep -q '<service-msp-sess-count-information' "$scratch/openssh.out" \
    && grep -q 'message-id="8"' "$scratch/openssh.out" && grep -q '<serial-number>' "$scratch/openssh.out"
result "OpenSSH ssh -s netconf (host key from show system netconf): both requests of a file answered, then the end" \
    $(( $? || status )) "exit $status: $(head -c 600 "$scratch/openssh.out")"

# JSNAPy's snapcheck passes on the replayed sessions; the README's examples print what it shows (and clear the
# sessions where it says so); once the sessions are cleared the same snapcheck fails.
samples=(--port "$samples_port" --ams "$ams" --socket "$scratch/samples.sock")
run_checks jsnapy-pass "$checks/jsnapy_check.py" "${samples[@]}" --scratch "$scratch" --expect pass
run_checks readme "$checks/readme_examples.py" "${samples[@]}"
"$ams" clear --socket "$scratch/samples.sock" services sessions >/dev/null
run_checks jsnapy-fail "$checks/jsnapy_check.py" "${samples[@]}" --scratch "$scratch" --expect fail
# Ansible: junos_command and junos_facts, a password and a key user, against the first daemon.
run_checks ansible "$checks/ansible_check.py" --port "$port" --key "$scratch/bob" --ams "$ams" \
    --socket "$scratch/plain.sock" --scratch "$scratch"

grep -q "wrong password for user 'alice' from 127.0.0.1 port [0-9]* (1 so far)" "$scratch/plain.log"
result "a wrong password is logged and counted" $? "$(grep -i password "$scratch/plain.log")"

# Garbage on the SSH port ends that connection only; the daemon still answers.
"$python" -c "
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.recv(256)
s.sendall(b'SSH-2.0-x\r\n' + b'\xff' * 4096)
s.settimeout(5)
try:
    while s.recv(4096): pass
except OSError: pass
" "$port"
"$ams" show --socket "$scratch/plain.sock" version >/dev/null
result "garbage on the SSH port: the daemon goes on" $? ""

# The host key persists: the same fingerprint after a restart.
first="$(grep -o 'SHA256:[^ ]*' "$scratch/plain.log")"
kill -TERM "${daemons[0]}"
wait "${daemons[0]}" 2>/dev/null
start plain "$scratch/plain.conf"
second="$(grep -o 'SHA256:[^ ]*' "$scratch/plain.log")"
[[ -n $first && $first == "$second" ]] && ! grep -q "(created)" "$scratch/plain.log"
result "the host key is kept across restarts" $? "$first vs $second"
[[ "$(stat -c %a "$scratch/plain.key")" == 600 ]]
result "the host key file is mode 0600" $? "$(stat -c %a "$scratch/plain.key")"

# Hostile and busy clients (Tests/Integration/netconf/hostile.py): a third daemon replays, at capture pace
# (20 s), 200,000 generated UDP sessions; ten sessions at once while it does, then a reader that stalls
# mid-reply of its table, malformed XML, a 100 MB message, a bad chunk header, 1,000 wrong passwords.
tracegen="${AMS_TRACEGEN:-$(dirname "$ams")/ams-tracegen}"
if [[ -x $tracegen ]]; then
    "$tracegen" udp-pairs --flows 200000 --interval-us 50 --seed 3 "$scratch/busy.pcap" >/dev/null
    busy_port="$(free_port)"
    cat >"$scratch/busy.conf" <<CONF
interfaces {
    ams0 {
        load-balancing-options {
            member-interface mams-0/0/0;
            member-interface mams-0/1/0;
        }
        services-options {
            inactivity-timeout 3600;
        }
        unit 1 {
            family inet;
        }
    }
}
services {
    service-set ss1 {
        interface-service {
            service-interface ams0.1;
        }
    }
}
system {
    services {
        netconf {
            ssh {
                port $busy_port;
            }
        }
    }
    login {
        user alice {
            uid 2001;
            class super-user;
            authentication {
                encrypted-password "$hash";
            }
        }
    }
}
CONF
    "$ams" run --config "$scratch/busy.conf" --replay "$scratch/busy.pcap" --socket "$scratch/busy.sock" \
        --netconf-host-key "$scratch/busy.key" 2>"$scratch/busy.log" &
    busy_pid=$!
    daemons+=("$busy_pid")
    wait_for "NETCONF over SSH" "$scratch/busy.log"
    run_checks hostile "$checks/hostile.py" --port "$port" --chunked-port "$chunked_port" \
        --busy-port "$busy_port" --busy-pid "$busy_pid" --busy-log "$scratch/busy.log" --ams "$ams" \
        --busy-socket "$scratch/busy.sock"
    kill -0 "$busy_pid" 2>/dev/null && "$ams" show --socket "$scratch/busy.sock" version >/dev/null
    result "after the hostile clients the busy daemon still runs and answers" $? "$(tail -5 "$scratch/busy.log")"
else
    result "hostile clients need ams-tracegen" 1 "no $tracegen (AMS_TRACEGEN)"
fi

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
