// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// Maps the fragments of a datagram to where its first fragment went: a member, and there a session.
///
/// Later fragments carry no transport header, so they are attributed through (source, destination,
/// protocol, IP ID) of the first fragment. A fixed direct-mapped table: a newer datagram may evict an
/// older one, whose remaining fragments are then counted as `fragment-without-first`. Entries live for
/// the reassembly timeout (4 s, the Junos default).
struct FragmentTable: ~Copyable {
    /// Where the first fragment of a datagram went.
    struct Entry: BitwiseCopyable {
        var source: IPAddress
        var destination: IPAddress
        var identification: UInt32
        var transport: IPProtocol
        var isUsed: Bool
        var isInitiator: Bool
        var member: UInt8
        /// The session's slot and number on that member (number 0: not known there).
        var slot: Int32
        var number: UInt32
        var expires: UInt64
    }

    private var entries: [Entry]
    private static let size = 4096
    static let lifetime: UInt64 = 4_000_000_000

    init() {
        let empty = Entry(
            source: .zero, destination: .zero, identification: 0, transport: IPProtocol(rawValue: 0), isUsed: false,
            isInitiator: false, member: 0, slot: 0, number: 0, expires: 0)
        entries = Array(repeating: empty, count: Self.size)
    }

    private static func bucket(_ packet: SessionPacket) -> Int {
        var h = packet.source.low &* 0x9E37_79B9_7F4A_7C15
        h ^= packet.destination.low &* 0xC2B2_AE3D_27D4_EB4F
        h ^= UInt64(packet.fragmentID) &* 0x1656_67B1_9E37_79F9
        h ^= packet.source.high ^ packet.destination.high ^ UInt64(packet.transport.rawValue)
        return Int(truncatingIfNeeded: h >> 40) & (size - 1)
    }

    /// Records that the datagram of first fragment `packet` went to `member`, session `slot`/`number` there.
    mutating func record(
        _ packet: SessionPacket, member: Int, slot: Int = 0, number: UInt32 = 0, isInitiator: Bool = true,
        now: UInt64
    ) {
        entries[Self.bucket(packet)] = Entry(
            source: packet.source, destination: packet.destination, identification: packet.fragmentID,
            transport: packet.transport, isUsed: true, isInitiator: isInitiator, member: UInt8(member),
            slot: Int32(truncatingIfNeeded: slot), number: number, expires: now &+ Self.lifetime)
    }

    /// Where the later fragment `packet` belongs, or `nil` if its first fragment is unknown.
    func lookup(_ packet: SessionPacket, now: UInt64) -> Entry? {
        let entry = entries[Self.bucket(packet)]
        guard entry.isUsed, now < entry.expires, entry.identification == packet.fragmentID,
            entry.source == packet.source, entry.destination == packet.destination,
            entry.transport == packet.transport
        else { return nil }
        return entry
    }

    var storageBytes: Int { entries.count * MemoryLayout<Entry>.stride }
}
