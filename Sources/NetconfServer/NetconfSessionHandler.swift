// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import Netconf
import NIOCore
import NIOSSH
import OperationalCommands
import SessionService

/// One NETCONF session on an SSH session channel: started by the subsystem `netconf` or the exec
/// `xml-mode netconf need-trailer` (anything else refused), then the hellos, then one RPC at a time —
/// decoded (``FramingDecoder``), read (``NetconfRequest``), decided (``NetconfOperations``) and answered; a
/// command's reply is streamed by a ``ReplyPump``. A framing or hello error ends this session only.
final class NetconfSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias InboundOut = Never
    typealias OutboundIn = Never
    typealias OutboundOut = SSHChannelData

    private enum State {
        case waitingForRequest, waitingForHello, ready, closing
    }

    private let server: NetconfServer
    private let user: LoginUser
    private let peer: String
    private var state = State.waitingForRequest
    private var decoder = FramingDecoder()
    private var writer = FramingWriter()
    private var sessionID = 0
    /// The reply being streamed, if any: no other message is read meanwhile.
    private var pump: ReplyPump?
    /// The client closed its side: once what it sent is answered, the session ends.
    private var inputEnded = false
    private var context: ChannelHandlerContext?
    /// Every byte the session sends goes through it, in order (it waits out key exchanges).
    private var output: ChannelDataWriter?

    init(server: NetconfServer, user: LoginUser, peer: String) {
        self.server = server
        self.user = user
        self.peer = peer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        output = ChannelDataWriter(channel: context.channel)
        _ = context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        pump?.cancel()
        pump = nil
        if sessionID != 0 {
            server.unregister(sessionID)
            server.log("NETCONF: session \(sessionID) of \(user.name) ended")
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let request as SSHChannelRequestEvent.SubsystemRequest:
            start(context, accepted: request.subsystem == "netconf", wantReply: request.wantReply)
        case let request as SSHChannelRequestEvent.ExecRequest:
            let words = request.command.split(whereSeparator: \.isWhitespace)
            start(context, accepted: words.starts(with: ["xml-mode", "netconf"]), wantReply: request.wantReply)
        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            refuse(context, wantReply: request.wantReply)
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            refuse(context, wantReply: request.wantReply)
        case let request as SSHChannelRequestEvent.ShellRequest:
            refuse(context, wantReply: request.wantReply)
        case let event as ChannelEvent where event == .inputClosed:
            // The client sent all it will (`ssh -s … netconf < requests`): what it sent is answered, then the
            // session ends.
            inputEnded = true
            if state == .waitingForRequest { context.close(promise: nil) } else { readMessages(context) }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func refuse(_ context: ChannelHandlerContext, wantReply: Bool) {
        if wantReply { context.triggerUserOutboundEvent(ChannelFailureEvent(), promise: nil) }
    }

    private func start(_ context: ChannelHandlerContext, accepted: Bool, wantReply: Bool) {
        guard accepted, case .waitingForRequest = state else {
            refuse(context, wantReply: wantReply)
            return
        }
        if wantReply { context.triggerUserOutboundEvent(ChannelSuccessEvent(), promise: nil) }
        state = .waitingForHello
        sessionID = server.register(context.channel)
        server.log("NETCONF: session \(sessionID) of \(user.name) from \(peer)")
        let hello = NetconfHello.server(
            sessionID: sessionID, user: user.name, loginClass: user.loginClass.rawValue, base11: server.service.rfcCompliant)
        send(context, writer.message(hello))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let data = unwrapInboundIn(data)
        guard case .channel = data.type, case .byteBuffer(let buffer) = data.data else { return }
        switch state {
        case .waitingForHello, .ready:
            decoder.feed(buffer.readableBytesView)
            readMessages(context)
        case .waitingForRequest, .closing:
            break
        }
    }

    /// Reads and handles messages until none is complete or a reply is being streamed.
    private func readMessages(_ context: ChannelHandlerContext) {
        while pump == nil, state == .waitingForHello || state == .ready {
            let message: [UInt8]
            do {
                guard let next = try decoder.next() else {
                    if inputEnded { closeAfterReplies(context) }
                    return
                }
                message = next
            } catch {
                // The stream cannot be read on: the client is told why (RFC 6241 `malformed-message`), then
                // the session ends; the others go on.
                let refusal = RPCError(type: "rpc", tag: "malformed-message", message: "\(error)")
                state = .closing
                server.log("NETCONF: session \(sessionID) of \(user.name) closed: framing error: \(error)")
                let reply = writer.message(NetconfReply.complete(refusal.xml, echoing: [], release: server.release))
                let channel = context.channel
                send(context, reply).whenComplete { _ in channel.close(promise: nil) }
                return
            }
            if state == .waitingForHello {
                hello(context, message)
            } else {
                rpc(context, message)
            }
        }
        // While a reply streams, what the client sends waits here: bounded all the same.
        if decoder.bufferedCount > decoder.maximumMessage + 16 {
            end(context, "more than \(decoder.maximumMessage) bytes sent while a reply was streamed")
        }
    }

    private func hello(_ context: ChannelHandlerContext, _ message: [UInt8]) {
        let capabilities: [String]
        do {
            capabilities = try NetconfHello.clientCapabilities(try XMLReader.parse(message))
        } catch {
            end(context, "bad hello: \(error)")
            return
        }
        if server.service.rfcCompliant && capabilities.contains(NetconfHello.base11) {
            decoder.mode = .chunked
            writer.mode = .chunked
        }
        state = .ready
    }

    private func rpc(_ context: ChannelHandlerContext, _ message: [UInt8]) {
        let request: NetconfRequest
        switch NetconfRequest.read(message) {
        case .failure(let rejected):
            send(context, writer.message(NetconfReply.complete(rejected.error.xml, echoing: rejected.attributes, release: server.release)))
            return
        case .success(let read):
            request = read
        }
        let attributes = request.attributes
        switch NetconfOperations.action(for: request.operation, mayClear: user.loginClass.mayClear) {
        case .closeSession:
            send(context, writer.message(NetconfReply.ok(echoing: attributes, release: server.release)))
            closeAfterReplies(context)
        case .killSession(let id):
            if id == sessionID {
                let error = RPCError(
                    type: "protocol", tag: "invalid-value", message: "cannot kill the session it is sent on",
                    badElement: "session-id")
                send(context, writer.message(NetconfReply.complete(error.xml, echoing: attributes, release: server.release)))
            } else if server.kill(id) {
                server.log("NETCONF: session \(id) killed by \(user.name) (session \(sessionID))")
                send(context, writer.message(NetconfReply.ok(echoing: attributes, release: server.release)))
            } else {
                let error = RPCError(type: "protocol", tag: "invalid-value", message: "no session \(id)", badElement: "session-id")
                send(context, writer.message(NetconfReply.complete(error.xml, echoing: attributes, release: server.release)))
            }
        case .reply(let body):
            send(context, writer.message(NetconfReply.complete(body, echoing: attributes, release: server.release)))
        case .error(let error):
            send(context, writer.message(NetconfReply.complete(error.xml, echoing: attributes, release: server.release)))
        case .run(let command, let format):
            guard let output else { return }
            let pump = ReplyPump(
                channel: context.channel, output: output, writer: writer, format: format, header: NetconfReply.header(echoing: attributes, release: server.release))
            self.pump = pump
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            pump.start(commands: server.commands, command: command) {
                // On the event loop: the reply is written; read the next message.
                let handler = loopBound.value
                handler.pump = nil
                if let context = handler.context { handler.readMessages(context) }
            }
        }
    }

    /// Ends the session once every reply queued so far is written: exit status 0 (as sshd reports a
    /// subsystem that ended; OpenSSH's `ssh` exits 255 without one), then the channel closes.
    private func closeAfterReplies(_ context: ChannelHandlerContext) {
        guard state != .closing else { return }
        state = .closing
        let channel = context.channel
        send(context, []).whenComplete { _ in
            channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: 0), promise: nil)
            channel.close(promise: nil)
        }
    }

    private func end(_ context: ChannelHandlerContext, _ reason: String) {
        server.log("NETCONF: session \(sessionID) of \(user.name) closed: \(reason)")
        state = .closing
        context.close(promise: nil)
    }

    @discardableResult
    private func send(_ context: ChannelHandlerContext, _ bytes: [UInt8]) -> EventLoopFuture<Void> {
        guard let output else { return context.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        return output.write(bytes)
    }
}
