// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import NIOCore
import NIOPosix
import NIOSSH

/// Checks one connection's logins against `system login user` of the running configuration (read at each
/// attempt, so a reload takes effect): a password against the user's crypt hash, an Ed25519/ECDSA key
/// (already verified by NIOSSH) against the user's keys. A password's hash is computed on
/// ``NetconfServer/passwordChecks``, off the event loop; a wrong one is answered after
/// ``NetconfServer/failureDelay``, a task scheduled on the event loop — no thread waits — and counted and
/// logged. On success the user is recorded in ``login`` for the connection's session channels.
final class UserAuthentication: NIOSSHServerUserAuthenticationDelegate {
    private let server: NetconfServer
    private let peer: String
    /// The user who logged in on this connection (read by its session channels, on the same event loop).
    private(set) var login: LoginUser?

    init(server: NetconfServer, peer: String) {
        self.server = server
        self.peer = peer
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { [.password, .publicKey] }

    func requestReceived(
        request: NIOSSHUserAuthenticationRequest, responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>
    ) {
        let user = server.users().first { $0.name == request.username }
        switch request.request {
        case .password(let password):
            // The hash (≈5 ms of SHA-512 rounds) is computed on the server's checking thread, never on the
            // event loop, so 1,000 wrong passwords do not slow the sessions that share the loop.
            let hash = user?.encryptedPassword
            let eventLoop = responsePromise.futureResult.eventLoop
            let matched = server.passwordChecks.runIfActive(eventLoop: eventLoop) {
                hash.map { PasswordCheck.matches(password: password.password, hash: $0) } ?? false
            }
            matched.assumeIsolatedUnsafeUnchecked().whenComplete { [self] result in
                if case .success(true) = result, let user {
                    login = user
                    server.countLogin()
                    server.log("NETCONF: user \(user.name) (\(user.loginClass.rawValue)) logged in with a password from \(peer)")
                    responsePromise.succeed(.success)
                    return
                }
                let failures = server.countFailure()
                server.log("NETCONF: wrong password for user '\(request.username)' from \(peer) (\(failures) so far)")
                eventLoop.scheduleTask(in: NetconfServer.failureDelay) {
                    responsePromise.succeed(.failure)
                }
            }
        case .publicKey(let offer):
            let keys = user?.publicKeys.compactMap { try? NIOSSHPublicKey(openSSHPublicKey: Self.keyFields($0.openSSH)) } ?? []
            if let user, keys.contains(offer.publicKey) {
                login = user
                server.countLogin()
                server.log("NETCONF: user \(user.name) (\(user.loginClass.rawValue)) logged in with a key from \(peer)")
                responsePromise.succeed(.success)
            } else {
                responsePromise.succeed(.failure)
            }
        default:
            responsePromise.succeed(.failure)
        }
    }

    /// `type base64` of an OpenSSH key line, without its comment.
    static func keyFields(_ line: String) -> String {
        line.split(separator: " ").prefix(2).joined(separator: " ")
    }
}
