// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import NIOCore

/// Bounds what a client may send before it is answered: more than `limit` bytes since the last response
/// (a head or body too large, requests piled up unanswered) is answered 413 and the connection closed
/// (the idle timeout closes it if the client does not). Sits
/// before the HTTP decoder, on the raw bytes.
final class RequestSizeLimit: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let limit: Int
    private var received = 0
    private var isRefused = false

    init(limit: Int) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isRefused else { return }
        received += unwrapInboundIn(data).readableBytes
        guard received <= limit else {
            isRefused = true
            let answer = "HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
            let buffer = context.channel.allocator.buffer(string: answer)
            // Half-closed, the rest of what the client sends read and dropped until it closes: closing with its
            // bytes unread would reset the connection before the client reads the answer.
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.byteBuffer(buffer))).whenComplete { _ in
                channel.close(mode: .output, promise: nil)
            }
            return
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A response is going out: the client may send as much again.
        received = 0
        context.write(data, promise: promise)
    }
}
