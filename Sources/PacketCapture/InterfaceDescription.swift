// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// What a pcapng Interface Description Block says about the frames of one interface.
struct InterfaceDescription: Sendable, BitwiseCopyable {
    /// The link-layer header type of the interface's frames.
    var linkType: LinkType
    /// The maximum captured length, or 0 for "no limit".
    var snapLength: UInt32
    /// How to turn the interface's timestamp units into nanoseconds (`if_tsresol`).
    var scale: TimestampScale
    /// `if_tsoffset` in nanoseconds, saturated.
    var offsetNanoseconds: Int64

    /// A placeholder for unused slots of the interface table.
    static var unused: Self {
        Self(linkType: LinkType(rawValue: 0), snapLength: 0, scale: .microseconds, offsetNanoseconds: 0)
    }

    /// The frame timestamp in nanoseconds since the Unix epoch, for `units` of this interface.
    @inline(__always)
    func nanoseconds(_ units: UInt64) -> UInt64 {
        let value = scale.nanoseconds(units)
        if offsetNanoseconds >= 0 {
            let (sum, overflow) = value.addingReportingOverflow(UInt64(offsetNanoseconds))
            return overflow ? .max : sum
        }
        let back = offsetNanoseconds.magnitude
        return value >= back ? value - back : 0
    }
}
