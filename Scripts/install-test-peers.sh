#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Installs the Debian packages the integration suite, the fuzzers and the benchmarks use.
# Idempotent: packages already present are not fetched again.
set -euo pipefail
packages=(
    iproute2 iputils-ping tcpdump tshark curl python3 dnsmasq bind9-dnsutils vsftpd lftp ftp tftpd-hpa tftp-hpa traceroute ffmpeg
    libndpi-bin softflowd nfdump time tmux   # nfdump: nfcapd, the IPFIX collector of Tests/Integration/ipfix.sh
    rsyslog   # Tests/Integration/syslog.sh starts a private rsyslogd on loopback with its own configuration
    ethtool hping3 tcpreplay iperf3   # the live suite and benchmarks of ams run (Tests/Integration/live/)
    openssh-client openssl python3-venv   # Tests/Integration/netconf.sh: its keys, password hash and clients
    clickhouse-server   # Tests/Integration/clickhouse.sh starts a private server of its own (bookworm: 18.16)
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    echo "iperf3 iperf3/start_daemon boolean false" | debconf-set-selections  # no iperf3 service at boot
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The NETCONF clients of Tests/Integration/netconf.sh, pinned, from PyPI into their own virtualenv (what
# netconf-research.md measured against: PyEZ 2.8.2, ncclient 0.7.0, with paramiko 5.1.0; JSNAPy 1.3.8; Ansible
# 12.3.0, which bundles the junipernetworks.junos and ansible.netcommon collections, and jxmlease, which
# junipernetworks.junos needs for `display: xml`), and prometheus_client, whose parser reads `/metrics` in
# Tests/Integration/metrics.sh (Debian's promtool comes only with the whole Prometheus server package, 96 MB, whose
# install starts a server). pip runs when a pin is missing, so a venv made before a
# client was added gains it.
netconf_venv=/opt/ams-netconf-venv
netconf_pins=(junos-eznc==2.8.2 ncclient==0.7.0 paramiko==5.1.0 jsnapy==1.3.8 ansible==12.3.0
    jxmlease==1.0.3 prometheus_client==0.21.1)
if [ ! -x "$netconf_venv/bin/python" ]; then
    dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed" \
        || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null; }
    python3 -m venv "$netconf_venv"
fi
netconf_installed="$("$netconf_venv/bin/pip" freeze --disable-pip-version-check 2>/dev/null)"
netconf_missing=()
for pin in "${netconf_pins[@]}"; do
    grep -qixF -- "$pin" <<<"$netconf_installed" || netconf_missing+=("$pin")
done
if [ "${#netconf_missing[@]}" -gt 0 ]; then
    "$netconf_venv/bin/pip" install -q --disable-pip-version-check "${netconf_pins[@]}"
fi
