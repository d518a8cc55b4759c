// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import JunosConfiguration
import NIOCore
import NIOPosix
import NIOSSH
public import OperationalCommands
public import SessionService
import Synchronization

/// The daemon's NETCONF server (SPEC.md §7): SSH (swift-nio-ssh) on the configured address and port,
/// subsystem `netconf` and the exec `xml-mode netconf need-trailer`, users of `system login`, the persistent
/// ``HostKey``. Each RPC runs as a job of the daemon's ``DaemonCommands`` on the engine thread; its reply is
/// streamed back (``NetconfSessionHandler``). NIO stays on its own threads: nothing of it reaches the engine.
public final class NetconfServer: Sendable {
    /// How long a wrong password waits before its failure is answered.
    public static let failureDelay = TimeAmount.seconds(1)
    /// Connections served at once; more are closed at once.
    public static let maximumConnections = 32

    public let service: NetconfService
    public let hostKey: HostKey
    /// The Junos release every `<rpc-reply>`'s `xmlns:junos` names (the router's card's: ``JunosReply/release(for:)``).
    public let release: String
    let commands: DaemonCommands
    private let logLine: @Sendable (String) -> Void
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// The thread that computes password hashes (``PasswordCheck``), off the event loop.
    let passwordChecks = NIOThreadPool(numberOfThreads: 1)
    private let listener = Mutex<(any Channel)?>(nil)
    private let connections = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    private let logins = Atomic<Int>(0)
    private let nextSessionID = Atomic<Int>(0)
    /// Open NETCONF sessions by ID (`kill-session`).
    private let sessions = Mutex<[Int: any Channel]>([:])

    public init(
        service: NetconfService, hostKey: HostKey, release: String = JunosReply.release, commands: DaemonCommands,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.service = service
        self.hostKey = hostKey
        self.release = release
        self.commands = commands
        self.logLine = log
    }

    /// Wrong passwords since the start.
    public var authenticationFailures: Int { failures.load(ordering: .relaxed) }

    /// Binds and listens; returns the port bound.
    ///
    /// - Throws: ``NetconfServerError`` if the address cannot be bound.
    @discardableResult
    public func start() throws(NetconfServerError) -> Int {
        passwordChecks.start()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.initialize(channel)
                }
            }
        do {
            let channel = try bootstrap.bind(host: service.effectiveListenAddress, port: service.effectivePort).wait()
            listener.withLock { $0 = channel }
            return channel.localAddress?.port ?? service.effectivePort
        } catch {
            throw NetconfServerError(
                "NETCONF: cannot listen on \(service.effectiveListenAddress) port \(service.effectivePort): \(error)")
        }
    }

    /// Closes the listener and every session, and stops the event loop.
    public func stop() {
        let channel = listener.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? channel?.close().wait()
        for session in sessions.withLock({ Array($0.values) }) { try? session.close().wait() }
        try? group.syncShutdownGracefully()
        try? passwordChecks.syncShutdownGracefully()
    }

    private func initialize(_ channel: any Channel) throws {
        let peer = channel.remoteAddress.map { "\($0.ipAddress ?? "?") port \($0.port ?? 0)" } ?? "?"
        guard connections.wrappingAdd(1, ordering: .relaxed).newValue <= Self.maximumConnections else {
            connections.wrappingSubtract(1, ordering: .relaxed)
            log("NETCONF: connection from \(peer) refused: \(Self.maximumConnections) connections already")
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [self] _ in
            connections.wrappingSubtract(1, ordering: .relaxed)
        }
        let authentication = UserAuthentication(server: self, peer: peer)
        let handler = NIOSSHHandler(
            role: .server(.init(hostKeys: [hostKey.privateKey], userAuthDelegate: authentication)),
            allocator: channel.allocator,
            inboundChildChannelInitializer: { [self] child, type in
                guard case .session = type, let user = authentication.login else {
                    return child.eventLoop.makeFailedFuture(NetconfServerError("channel type refused"))
                }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(NetconfSessionHandler(server: self, user: user, peer: peer))
                }
            })
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.pipeline.syncOperations.addHandler(ConnectionErrorHandler())
    }

    // MARK: For the sessions

    func users() -> [LoginUser] { commands.settings.configuration?.loginUsers ?? [] }

    func countFailure() -> Int { failures.wrappingAdd(1, ordering: .relaxed).newValue }

    func countLogin() { logins.wrappingAdd(1, ordering: .relaxed) }

    /// `show system netconf`: where the server listens (`port`, as bound), its host key, sessions and logins.
    public func status(port: Int) -> NetconfServerStatus {
        NetconfServerStatus(
            listenAddress: service.effectiveListenAddress, port: port, rfcCompliant: service.rfcCompliant,
            hostKeyFingerprint: hostKey.typedFingerprint, hostKey: hostKey.openSSHPublicKey, hostKeyFile: hostKey.path,
            users: users().count, openSessions: sessions.withLock { $0.count },
            sessionsSinceStart: nextSessionID.load(ordering: .relaxed), connectionLimit: Self.maximumConnections,
            logins: logins.load(ordering: .relaxed), wrongPasswords: failures.load(ordering: .relaxed))
    }

    func log(_ line: String) { logLine(line) }

    func register(_ channel: any Channel) -> Int {
        let id = nextSessionID.wrappingAdd(1, ordering: .relaxed).newValue
        sessions.withLock { $0[id] = channel }
        return id
    }

    func unregister(_ id: Int) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// Closes session `id`; `false` if there is none.
    func kill(_ id: Int) -> Bool {
        guard let channel = sessions.withLock({ $0[id] }) else { return false }
        channel.close(promise: nil)
        return true
    }
}

/// Closes a connection whose SSH layer failed (a bad packet, a refused channel) — that connection only.
final class ConnectionErrorHandler: ChannelInboundHandler {
    typealias InboundIn = Any

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
