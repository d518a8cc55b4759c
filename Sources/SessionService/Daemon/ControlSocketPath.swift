// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// Where the daemon's control socket is when `--socket` does not say (README.md, *ams run*): for root
/// `/run/ams/ams.sock`; for another user `$XDG_RUNTIME_DIR/ams.sock`, or `/tmp/ams-UID.sock` without
/// `XDG_RUNTIME_DIR` — so that `ams run --replay` works without root, and `ams show` finds it as the
/// same user.
public enum ControlSocketPath {
    public static var `default`: String {
        if geteuid() == 0 { return "/run/ams/ams.sock" }
        if let runtime = getenv("XDG_RUNTIME_DIR"), runtime.pointee != 0 {
            return String(cString: runtime) + "/ams.sock"
        }
        return "/tmp/ams-\(getuid()).sock"
    }

    /// `path` as a Unix socket address; `nil` if it does not fit (108 bytes with its NUL).
    static func address(_ path: String) -> sockaddr_un? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// Connects a new stream socket to `path`: the descriptor, or the `errno` that stopped it.
    static func connect(_ path: String) -> Result<Int32, ConnectFailure> {
        guard var address = address(path) else { return .failure(ConnectFailure(code: ENAMETOOLONG)) }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return .failure(ConnectFailure(code: errno)) }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard status == 0 else {
            let code = errno
            close(descriptor)
            return .failure(ConnectFailure(code: code))
        }
        return .success(descriptor)
    }

    struct ConnectFailure: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }
}
