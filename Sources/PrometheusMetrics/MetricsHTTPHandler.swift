// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import NIOCore
import NIOHTTP1

/// One connection's requests: `GET /metrics` answered with the exposition, another path 404, another method
/// on `/metrics` 405; a connection idle for ``MetricsServer/idleTimeout`` is closed.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The exposition's media type (text format 0.0.4).
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let server: MetricsServer
    private var head: HTTPRequestHead?

    init(server: MetricsServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break  // bounded by RequestSizeLimit, and ignored
        case .end:
            guard let head else { return }
            self.head = nil
            answer(head, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard path == "/metrics" else {
            return respond(.notFound, body: Array("Not found: ams serves /metrics only\n".utf8), to: head, context: context)
        }
        guard head.method == .GET else {
            return respond(
                .methodNotAllowed, body: Array("Method not allowed: GET /metrics only\n".utf8), to: head,
                extraHeaders: [("Allow", "GET")], context: context)
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        server.scrape(on: context.eventLoop).whenComplete { result in
            let (handler, context) = loopBound.value
            switch result {
            case .success(let exposition):
                handler.respond(.ok, body: exposition, to: head, contentType: Self.contentType, context: context)
            case .failure(let error):
                handler.respond(.serviceUnavailable, body: Array("\(error)\n".utf8), to: head, context: context)
            }
        }
    }

    private func respond(
        _ status: HTTPResponseStatus, body: [UInt8], to request: HTTPRequestHead,
        contentType: String = "text/plain; charset=utf-8", extraHeaders: [(String, String)] = [],
        context: ChannelHandlerContext
    ) {
        let keepAlive = request.isKeepAlive
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.count))])
        headers.add(contentsOf: extraHeaders)
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
