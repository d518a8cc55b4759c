// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// A seeded, direction-independent hash of a flow: a packet and its reply hash alike.
///
/// Seeded at start-up so that an attacker cannot craft flows that collide in the table (as Suricata's
/// `hash_rand`); the value never appears in any output.
public struct FlowHasher: Sendable, BitwiseCopyable {
    @usableFromInline var seed0: UInt64
    @usableFromInline var seed1: UInt64

    /// - Parameter seed: any value; a random one in production.
    public init(seed: UInt64) {
        seed0 = seed ^ 0xA076_1D64_78BD_642F
        seed1 = (seed &* 0x9E37_79B9_7F4A_7C15) ^ 0xE703_7ED1_A0B4_28DB
    }

    @inlinable @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// The hash of the flow between (`a`, `portA`) and (`b`, `portB`), the same in either order.
    @inlinable
    public func hash(
        _ a: IPAddress, _ portA: UInt16, _ b: IPAddress, _ portB: UInt16, transport: IPProtocol, serviceSet: UInt8
    ) -> UInt64 {
        // Order the two endpoints so that both directions hash alike.
        let aFirst = (a.low, a.high, portA) <= (b.low, b.high, portB)
        let first = aFirst ? a : b
        let second = aFirst ? b : a
        let ports = aFirst ? (UInt64(portA) << 16 | UInt64(portB)) : (UInt64(portB) << 16 | UInt64(portA))
        let extra = ports | UInt64(transport.rawValue) << 32 | UInt64(serviceSet) << 40
        var h = Self.mix(first.low ^ seed0, second.low ^ 0x8EBC_6AF0_9C88_C6E3)
        h ^= Self.mix(first.high ^ second.high ^ seed1, extra ^ 0x5899_65CC_7537_4CC3)
        return Self.mix(h ^ seed1, 0x1D8E_4E27_C47D_124F)
    }
}
