// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import NIOCore
import NIOHTTP1
import NIOPosix
import OperationalCommands
import SessionEngine
public import SessionService
import Synchronization

/// The HTTP server of `ams run --metrics-listen` (SPEC.md §8): `GET /metrics` answers the Prometheus text
/// exposition of the members' statistics, read at the scrape by one job on the engine thread
/// (``MailboxTables/ask(_:)``). NIO runs on an event loop of its own; the wait for the engine happens on a
/// thread of its own, one scrape at a time, so neither the event loop nor the engine waits for a client.
public final class MetricsServer: Sendable {
    /// Connections served at once; more are closed at once.
    public static let maximumConnections = 64
    /// A connection that sends nothing for this long is closed (a stalled client keeps no slot).
    public static let idleTimeout = TimeAmount.seconds(10)
    /// The most bytes a request's head and body may have.
    public static let maximumRequestBytes = 8_192

    public let address: MetricsListenAddress
    private let mailbox: EngineMailbox
    private let netconf: @Sendable () -> NetconfServerStatus?
    private let records: @Sendable () -> MetricsSnapshot.RecordsLoss?
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// The thread that waits for the engine's answer and renders it.
    private let scrapes = NIOThreadPool(numberOfThreads: 1)
    private let exposition = Mutex(MetricsExposition())
    private let listener = Mutex<(any Channel)?>(nil)
    private let connections = Atomic<Int>(0)

    /// A server for `commands`' engine; `netconf` gives the NETCONF server's state, if any, and `records`
    /// what the session exporters lost, if there are any — asked on the engine thread, in the scrape's job.
    public init(
        address: MetricsListenAddress, commands: DaemonCommands,
        netconf: @escaping @Sendable () -> NetconfServerStatus? = { nil },
        records: @escaping @Sendable () -> MetricsSnapshot.RecordsLoss? = { nil }
    ) {
        self.address = address
        self.mailbox = commands.mailbox
        self.netconf = netconf
        self.records = records
    }

    /// Binds and listens; returns the port bound.
    ///
    /// - Throws: ``MetricsServerError`` if the address cannot be bound.
    @discardableResult
    public func start() throws(MetricsServerError) -> Int {
        scrapes.start()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.initialize(channel) }
            }
        do {
            let channel = try bootstrap.bind(host: address.host, port: address.port).wait()
            listener.withLock { $0 = channel }
            return channel.localAddress?.port ?? address.port
        } catch {
            throw MetricsServerError("metrics: cannot listen on \(address): \(error)")
        }
    }

    /// Closes the listener and every connection, and stops the event loop and the scrape thread.
    public func stop() {
        let channel = listener.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? channel?.close().wait()
        try? group.syncShutdownGracefully()
        try? scrapes.syncShutdownGracefully()
    }

    /// The exposition as it stands now: the statistics asked of the engine, the registry brought to them.
    ///
    /// - Throws: ``CommandFailure`` once the daemon is stopping.
    public func scrape() throws(CommandFailure) -> [UInt8] {
        let netconf = netconf()
        let records = records
        let snapshot = try MailboxTables(mailbox: mailbox).ask { engine in
            MetricsSnapshot(engine: engine, netconf: netconf, records: records())
        }
        return exposition.withLock { exposition in
            exposition.update(snapshot)
            return exposition.exposition()
        }
    }

    /// ``scrape()`` on the scrape thread; its result on `eventLoop`.
    func scrape(on eventLoop: any EventLoop) -> EventLoopFuture<[UInt8]> {
        scrapes.runIfActive(eventLoop: eventLoop) { [self] in try scrape() }
    }

    private func initialize(_ channel: any Channel) throws {
        guard connections.wrappingAdd(1, ordering: .relaxed).newValue <= Self.maximumConnections else {
            connections.wrappingSubtract(1, ordering: .relaxed)
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [self] _ in
            connections.wrappingSubtract(1, ordering: .relaxed)
        }
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(IdleStateHandler(readTimeout: Self.idleTimeout))
        try pipeline.addHandler(RequestSizeLimit(limit: Self.maximumRequestBytes))
        try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
        try pipeline.addHandler(MetricsHTTPHandler(server: self))
    }
}

/// Why the metrics server could not start.
public struct MetricsServerError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
