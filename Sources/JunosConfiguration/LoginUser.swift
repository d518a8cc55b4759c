// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// `system login user U { uid N; class C; authentication { encrypted-password "$6$…"; ssh-ed25519 "…";
/// ssh-ecdsa "…"; } }`: who may open a NETCONF session, and what they may do (SPEC.md §7).
public struct LoginUser: Hashable, Sendable {
    /// The login classes `ams` knows: `super-user` may show and clear, the others only show.
    public enum LoginClass: String, Hashable, Sendable, CaseIterable {
        case superUser = "super-user"
        case `operator` = "operator"
        case readOnly = "read-only"

        /// `true` if the class may run `clear` commands.
        public var mayClear: Bool { self == .superUser }
    }

    /// A public key of `authentication`: the statement it came from and its OpenSSH text (`ssh-ed25519 AAAA…
    /// comment`).
    public struct PublicKey: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            case ed25519 = "ssh-ed25519"
            case ecdsa = "ssh-ecdsa"
        }

        public var kind: Kind
        public var openSSH: String

        public init(kind: Kind, openSSH: String) {
            self.kind = kind
            self.openSSH = openSSH
        }
    }

    /// Allowed `uid` values (as Junos allows).
    public static let uidRange = 100...64_000

    public var name: String
    public var uid: Int?
    public var loginClass: LoginClass
    /// `encrypted-password`: a crypt(3) hash, `$1$`, `$5$` or `$6$`.
    public var encryptedPassword: String?
    public var publicKeys: [PublicKey]

    public init(
        name: String, uid: Int? = nil, loginClass: LoginClass, encryptedPassword: String? = nil,
        publicKeys: [PublicKey] = []
    ) {
        self.name = name
        self.uid = uid
        self.loginClass = loginClass
        self.encryptedPassword = encryptedPassword
        self.publicKeys = publicKeys
    }

    /// `true` if `text` is a crypt(3) hash of a kind `ams` checks: `$1$`, `$5$` or `$6$`, then a salt and a
    /// hash (with `rounds=N$` allowed after the id).
    public static func isCryptHash(_ text: String) -> Bool {
        let fields = text.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count >= 4, fields[0].isEmpty, ["1", "5", "6"].contains(fields[1]) else { return false }
        return fields.dropFirst(2).allSatisfy { !$0.isEmpty && !$0.contains(where: \.isWhitespace) }
    }
}
