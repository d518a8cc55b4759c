// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension IPv4Header {
    /// Appends the header, `options` (zero-padded to a multiple of 4) and a correct header checksum
    /// (RFC 791 §3.1, RFC 1071).
    ///
    /// ``headerLength`` is ignored: the emitted IHL is computed from `options`. ``totalLength`` is
    /// written as given.
    ///
    /// - Precondition: `options.count <= 40`.
    public func emit(into bytes: inout [UInt8], options: [UInt8] = []) {
        precondition(options.count <= 40, "IPv4 options are at most 40 bytes")
        let start = bytes.count
        let optionLength = (options.count + 3) / 4 * 4
        bytes.append(0x40 | UInt8(5 + optionLength / 4))
        bytes.append(typeOfService)
        bytes.appendNetwork(totalLength)
        bytes.appendNetwork(identification)
        var flags = fragmentOffset & 0x1FFF
        if dontFragment { flags |= 0x4000 }
        if moreFragments { flags |= 0x2000 }
        bytes.appendNetwork(flags)
        bytes.append(timeToLive)
        bytes.append(transport.rawValue)
        bytes.appendNetwork(UInt16(0))
        bytes.appendNetwork(source.ipv4Value)
        bytes.appendNetwork(destination.ipv4Value)
        bytes.append(contentsOf: options)
        bytes.append(contentsOf: repeatElement(0, count: optionLength - options.count))
        var checksum = InternetChecksum()
        checksum.add(bytes[start...])
        bytes.storeNetwork(checksum.value, at: start + 10)
    }
}
