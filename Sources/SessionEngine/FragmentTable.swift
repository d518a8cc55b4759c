// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// Maps the fragments of a datagram to the session its first fragment was counted on.
///
/// Later fragments carry no transport header, so they are attributed through (source, destination,
/// protocol, IP ID) of the first fragment. A fixed direct-mapped table: a newer datagram may evict an
/// older one, whose remaining fragments are then counted as `fragment-without-first`. Entries live for
/// the reassembly timeout (4 s, the Junos default).
struct FragmentTable: ~Copyable {
    struct Entry: BitwiseCopyable {
        var source: IPAddress
        var destination: IPAddress
        var identification: UInt32
        var transport: IPProtocol
        var isMine: Bool
        var isUsed: Bool
        var role: UInt8
        var slot: Int32
        var number: UInt32
        var expires: UInt64
    }

    /// Where a later fragment belongs.
    enum Owner {
        case session(slot: Int, number: UInt32, isInitiator: Bool)
        case otherMember
    }

    private var entries: [Entry]
    private static let size = 4096
    static let lifetime: UInt64 = 4_000_000_000

    init() {
        let empty = Entry(
            source: .zero, destination: .zero, identification: 0, transport: IPProtocol(rawValue: 0), isMine: false,
            isUsed: false, role: 0, slot: 0, number: 0, expires: 0)
        entries = Array(repeating: empty, count: Self.size)
    }

    private static func bucket(_ packet: DecodedPacket) -> Int {
        var h = packet.source.low &* 0x9E37_79B9_7F4A_7C15
        h ^= packet.destination.low &* 0xC2B2_AE3D_27D4_EB4F
        h ^= UInt64(packet.fragmentID) &* 0x1656_67B1_9E37_79F9
        h ^= packet.source.high ^ packet.destination.high ^ UInt64(packet.transport.rawValue)
        return Int(truncatingIfNeeded: h >> 40) & (size - 1)
    }

    /// Records where the datagram of first fragment `packet` was counted.
    mutating func record(_ packet: DecodedPacket, owner: Owner, now: UInt64) {
        var entry = Entry(
            source: packet.source, destination: packet.destination, identification: packet.fragmentID,
            transport: packet.transport, isMine: false, isUsed: true, role: 0, slot: 0, number: 0,
            expires: now &+ Self.lifetime)
        if case .session(let slot, let number, let isInitiator) = owner {
            entry.isMine = true
            entry.slot = Int32(truncatingIfNeeded: slot)
            entry.number = number
            entry.role = isInitiator ? 0 : 1
        }
        entries[Self.bucket(packet)] = entry
    }

    /// Finds where the later fragment `packet` belongs, or `nil` if its first fragment is unknown.
    func owner(of packet: DecodedPacket, now: UInt64) -> Owner? {
        let entry = entries[Self.bucket(packet)]
        guard entry.isUsed, now < entry.expires, entry.identification == packet.fragmentID,
            entry.source == packet.source, entry.destination == packet.destination,
            entry.transport == packet.transport
        else { return nil }
        if !entry.isMine { return .otherMember }
        return .session(slot: Int(entry.slot), number: entry.number, isInitiator: entry.role == 0)
    }

    var storageBytes: Int { entries.count * MemoryLayout<Entry>.stride }
}
