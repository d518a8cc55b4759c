// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// Decodes `bytes` as a frame of `linkType`.
func decode(_ bytes: [UInt8], _ linkType: LinkType = .ethernet) throws(WireError) -> DecodedPacket {
    try DecodedPacket(parsing: bytes.span, linkType: linkType)
}

/// Decodes `bytes` and returns the error, or `nil` when it decodes.
func decodeError(_ bytes: [UInt8], _ linkType: LinkType = .ethernet) -> WireError? {
    do {
        _ = try DecodedPacket(parsing: bytes.span, linkType: linkType)
        return nil
    } catch {
        return error
    }
}

extension Array where Element == UInt8 {
    /// A copy with `byte` stored at `index`.
    func replacing(_ index: Int, with byte: UInt8) -> [UInt8] {
        var copy = self
        copy[index] = byte
        return copy
    }
}

/// The offset of the IP header for frames built with `FrameLink.ethernet()` (no tags).
let ethernetHeaderLength = 14
