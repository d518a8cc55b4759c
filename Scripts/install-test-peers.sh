#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# Installs the Debian packages the integration suite, the fuzzers and the benchmarks use.
# Idempotent: packages already present are not fetched again.
set -euo pipefail
packages=(
    iproute2 iputils-ping tcpdump tshark curl python3 dnsmasq bind9-dnsutils vsftpd lftp ftp tftpd-hpa tftp-hpa traceroute ffmpeg
    libndpi-bin softflowd time tmux
    ethtool hping3 tcpreplay iperf3   # the live suite and benchmarks of ams run (Tests/Integration/live/)
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
