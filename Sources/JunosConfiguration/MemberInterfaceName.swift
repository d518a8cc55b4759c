// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// The name of a services PIC interface: an AMS member `mams-F/P/0` (MS-MPC) or `vms-F/P/0` (Next Gen
/// Services on an MX-SPC3), FPC slot F, PIC slot P. The prefix is the member's ``generation``.
public struct MemberInterfaceName: Hashable, Sendable, CustomStringConvertible {
    /// The card: `mams-` or `vms-`.
    public var generation: ServicesGeneration
    /// The FPC slot number.
    public var fpc: Int
    /// The PIC slot number.
    public var pic: Int

    /// Creates a member name (`mams-F/P/0` unless `generation` says otherwise).
    public init(fpc: Int, pic: Int, generation: ServicesGeneration = .msMPC) {
        self.generation = generation
        self.fpc = fpc
        self.pic = pic
    }

    /// Parses `mams-F/P/0` or `vms-F/P/0` (F and P from 0 to 99); `nil` if malformed.
    public init?(_ text: String) {
        let generation = ServicesGeneration(memberName: text)
        guard text.hasPrefix(generation.memberPrefix) else { return nil }
        let parts = text.dropFirst(generation.memberPrefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "0",
            let fpc = Self.slot(parts[0]), let pic = Self.slot(parts[1])
        else { return nil }
        self.init(fpc: fpc, pic: pic, generation: generation)
    }

    public var description: String { "\(generation.memberPrefix)\(fpc)/\(pic)/0" }

    private static func slot(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 2, text.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        return Int(text)
    }
}
