// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("crypt_r")
private func crypt_r(
    _ phrase: UnsafePointer<CChar>, _ setting: UnsafePointer<CChar>, _ data: UnsafeMutableRawPointer
) -> UnsafeMutablePointer<CChar>?

/// Checks a password against a crypt(3) hash as Junos stores it (`$6$salt$hash`), with libcrypt's
/// re-entrant `crypt_r`, and compares in constant time.
public enum PasswordCheck {
    /// `struct crypt_data` is 32 KiB in libxcrypt; twice that is allocated.
    private static let dataSize = 64 << 10

    public static func matches(password: String, hash: String) -> Bool {
        guard hash.hasPrefix("$"), !password.utf8.contains(0) else { return false }
        let data = UnsafeMutableRawPointer.allocate(byteCount: dataSize, alignment: 16)
        defer {
            data.initializeMemory(as: UInt8.self, repeating: 0, count: dataSize)
            data.deallocate()
        }
        data.initializeMemory(as: UInt8.self, repeating: 0, count: dataSize)
        guard let result = crypt_r(password, hash, data) else { return false }
        let computed = Array(String(cString: result).utf8)
        let expected = Array(hash.utf8)
        guard computed.count == expected.count, computed.first != UInt8(ascii: "*") else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(computed, expected) { difference |= a ^ b }
        return difference == 0
    }
}
