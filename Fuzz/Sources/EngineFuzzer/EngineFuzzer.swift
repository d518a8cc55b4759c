// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import SessionTable
import Wire

/// libFuzzer's entry point: the input is a whole capture file, run through the session engine.
///
/// Every decodable frame goes to one member, and to each of three members that keep their own packets,
/// as `ams replay` does; then the tables are expired, copied out and rendered. A trap anywhere is a crash
/// libFuzzer reports, and the preconditions check the engine's invariants: three members find exactly the
/// sessions one member finds, and the counters agree with the tables.
@c(LLVMFuzzerTestOneInput)
public func fuzzEngine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let file = unsafe Array(UnsafeBufferPointer(start: data, count: size))
    let bytes = file.span
    guard var reader = try? CaptureReader(bytes) else { return 0 }
    let single = EngineConfiguration.builtInDefault(memberCount: 1)
    let triple = EngineConfiguration.builtInDefault(memberCount: 3)
    var one = MemberProcessor(memberIndex: 0, configuration: single, expectedSessions: 16, seed: 1)
    var first = MemberProcessor(memberIndex: 0, configuration: triple, expectedSessions: 16, seed: 2)
    var second = MemberProcessor(memberIndex: 1, configuration: triple, expectedSessions: 16, seed: 2)
    var third = MemberProcessor(memberIndex: 2, configuration: triple, expectedSessions: 16, seed: 2)
    var now: UInt64 = 0
    while let frame = try? reader.next(bytes) {
        now = max(now, frame.timestamp)
        guard let packet = try? DecodedPacket(parsing: bytes.extracting(frame.byteRange), linkType: frame.linkType)
        else { continue }
        one.process(packet, at: now)
        first.process(packet, at: now)
        second.process(packet, at: now)
        third.process(packet, at: now)
    }
    one.expireAll(upTo: now)
    first.expireAll(upTo: now)
    second.expireAll(upTo: now)
    third.expireAll(upTo: now)

    let alone = one.snapshot(name: "mams-0/0/0", configuration: single)
    let shared = [
        first.snapshot(name: "mams-0/0/0", configuration: triple),
        second.snapshot(name: "mams-0/1/0", configuration: triple),
        third.snapshot(name: "mams-1/0/0", configuration: triple),
    ]
    precondition(alone.sessions.count == one.shard.count, "snapshot lost sessions")
    precondition(
        one.counters.sessionsCreated == UInt64(one.shard.count) + one.counters.sessionsExpired
            + one.counters.sessionsReplaced,
        "created sessions do not add up")
    func flows(_ sessions: [SessionSnapshot]) -> [String] {
        sessions.map { SessionTableRenderer.flowLine($0.initiator) + SessionTableRenderer.flowLine($0.responder) }
            .sorted()
    }
    precondition(
        flows(alone.sessions) == flows(shared.flatMap(\.sessions)),
        "three members found other sessions than one")
    _ = SessionTableRenderer.brief([alone] + shared)
    _ = SessionTableRenderer.count(shared)
    return 0
}
