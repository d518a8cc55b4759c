// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The container format of a capture file.
public enum CaptureFormat: Sendable, Hashable {
    /// The classic libpcap format (microsecond or nanosecond timestamps, either byte order).
    case pcap
    /// The pcapng block format (draft-ietf-opsawg-pcapng).
    case pcapng
}
