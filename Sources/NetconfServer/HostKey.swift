// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Crypto
import Foundation
public import NIOSSH

#if canImport(Glibc)
import Glibc
#endif

/// The NETCONF server's persistent Ed25519 host key: read from its file, or created there on first start
/// (mode 0600, its directory 0700 if new), so clients that check host keys see the same key every start.
///
/// The file holds one line, `ams-ed25519-seed BASE64`, the key's 32-byte seed.
public struct HostKey: Sendable {
    public let path: String
    public let privateKey: NIOSSHPrivateKey
    /// The public key as an OpenSSH `authorized_keys`/`known_hosts` field: `ssh-ed25519 AAAA…`.
    public let openSSHPublicKey: String
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public let fingerprint: String
    /// The type and fingerprint as `ssh-keygen -l` prints them: `ED25519 SHA256:…`.
    public var typedFingerprint: String { "ED25519 \(fingerprint)" }
    /// `true` if the key was created by this start.
    public let isNew: Bool

    private static let tag = "ams-ed25519-seed"

    /// The default place: `/var/lib/ams/ssh_host_ed25519_key` for root, else `$XDG_STATE_HOME/ams/…` or
    /// `~/.local/state/ams/…`.
    public static var defaultPath: String {
        let name = "ssh_host_ed25519_key"
        if geteuid() == 0 { return "/var/lib/ams/\(name)" }
        let environment = ProcessInfo.processInfo.environment
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return "\(state)/ams/\(name)" }
        return "\(environment["HOME"] ?? NSHomeDirectory())/.local/state/ams/\(name)"
    }

    /// Loads the key at `path`, creating it if there is no file.
    ///
    /// - Throws: ``NetconfServerError`` if the file cannot be read, is not such a key, or cannot be written.
    public init(path: String) throws(NetconfServerError) {
        self.path = path
        let key: Curve25519.Signing.PrivateKey
        if FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw NetconfServerError("\(path): cannot read the host key")
            }
            let fields = text.split(whereSeparator: \.isWhitespace)
            guard fields.count == 2, fields[0] == Self.tag, let seed = Data(base64Encoded: String(fields[1])),
                let loaded = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            else {
                throw NetconfServerError("\(path): not an ams host key (expected one line: \(Self.tag) BASE64)")
            }
            key = loaded
            isNew = false
        } else {
            key = Curve25519.Signing.PrivateKey()
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
                do {
                    try FileManager.default.createDirectory(
                        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw NetconfServerError("\(directory): cannot create the host key's directory: \(error)")
                }
            }
            let line = "\(Self.tag) \(key.rawRepresentation.base64EncodedString())\n"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw NetconfServerError("\(path): cannot create the host key: \(String(cString: strerror(errno)))")
            }
            let written = line.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
            close(descriptor)
            guard written == line.utf8.count else { throw NetconfServerError("\(path): cannot write the host key") }
            isNew = true
        }
        privateKey = NIOSSHPrivateKey(ed25519Key: key)
        openSSHPublicKey = String(openSSHPublicKey: privateKey.publicKey)
        fingerprint = Self.fingerprint(openSSHPublicKey: openSSHPublicKey) ?? "?"
    }

    /// `SHA256:` and the unpadded base64 of the SHA-256 of the key's wire form (the base64 field of
    /// `openSSHPublicKey`), as `ssh-keygen -l` prints it.
    public static func fingerprint(openSSHPublicKey: String) -> String? {
        let fields = openSSHPublicKey.split(separator: " ")
        guard fields.count >= 2, let blob = Data(base64Encoded: String(fields[1])) else { return nil }
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }
}
