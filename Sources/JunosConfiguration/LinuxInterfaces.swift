// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `services service-set S linux-interfaces { inside IF; outside IF; mode (monitor | inline); }` *(ours,
/// SPEC.md §6)*: the Linux interfaces whose traffic `ams run` puts in the service set, and on which side
/// of the card each is.
///
/// Monitor with only `inside` (a tap or a bridge port) reads both directions there: frames coming in are
/// inside, frames going out are outside. Monitor with both reads what comes in on each. Inline needs both:
/// the card forwards between them.
public struct LinuxInterfaces: Hashable, Sendable {
    /// How `ams run` is placed on the interfaces.
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        /// Frames are read, never forwarded (tap, SPAN port, bridge port).
        case monitor
        /// The card is the only path between `inside` and `outside`: accepted frames are forwarded,
        /// discarded ones not, rejected ones answered.
        case inline
    }

    /// The interface on the inside (ingress) side.
    public var inside: String?
    /// The interface on the outside (egress) side.
    public var outside: String?
    /// `monitor` unless set.
    public var mode: Mode

    /// Creates the statement's value.
    public init(inside: String? = nil, outside: String? = nil, mode: Mode = .monitor) {
        self.inside = inside
        self.outside = outside
        self.mode = mode
    }

    /// Whether `name` can name a Linux interface: 1 to 15 bytes (`IFNAMSIZ` − 1), none of them a slash,
    /// a colon, white space or a control character, and not `.` or `..`.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...15).contains(bytes.count), name != ".", name != ".." else { return false }
        return bytes.allSatisfy { $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ":") }
    }
}
