// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The name of an AMS member interface, `mams-F/P/0` (FPC slot F, PIC slot P).
public struct MemberInterfaceName: Hashable, Sendable, CustomStringConvertible {
    /// The FPC slot number.
    public var fpc: Int
    /// The PIC slot number.
    public var pic: Int

    /// Creates a member name.
    public init(fpc: Int, pic: Int) {
        self.fpc = fpc
        self.pic = pic
    }

    /// Parses `mams-F/P/0` (F and P from 0 to 99); `nil` if malformed.
    public init?(_ text: String) {
        guard text.hasPrefix("mams-") else { return nil }
        let parts = text.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "0",
            let fpc = Self.slot(parts[0]), let pic = Self.slot(parts[1])
        else { return nil }
        self.init(fpc: fpc, pic: pic)
    }

    public var description: String { "mams-\(fpc)/\(pic)/0" }

    private static func slot(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 2, text.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        return Int(text)
    }
}
