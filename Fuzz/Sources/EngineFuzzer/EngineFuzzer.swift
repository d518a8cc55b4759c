// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import PacketCapture
import ServicesCore
import SessionEngine
import Wire

/// libFuzzer's entry point: the input is a whole capture file, run through the session engine as
/// `ams replay` and the shell run it — the frame pump, the ALG director, the owner rule, the members.
///
/// The capture is replayed with one member, with three members dispatched and with three members that
/// each read it whole, and stepped through in the shell's way with three members; then the tables are
/// rendered. A trap anywhere is a crash libFuzzer reports, and the preconditions check the engine's
/// invariants: every path finds the sessions one member finds (three members the same bytes in every
/// path), the counters agree with the tables, and `count`'s kept counts by state agree with a scan.
@c(LLVMFuzzerTestOneInput)
public func fuzzEngine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let input = unsafe Array(UnsafeBufferPointer(start: data, count: size))
    let file = CaptureFile(bytes: input.span)
    let single = EngineConfiguration.builtInDefault(memberCount: 1)
    let triple = EngineConfiguration.builtInDefault(memberCount: 3)
    func replay(_ configuration: EngineConfiguration, independent: Bool = false) -> ReplayResult {
        var options = ReplayOptions(configuration: configuration, expectedSessions: 16, seed: 2)
        options.independentMembers = independent
        return ReplayEngine.replay(file, options: options)
    }
    let alone = replay(single)
    let dispatched = replay(triple)
    let independent = replay(triple, independent: true)
    // The steering table sized as the replays' (it forgets flows without a session when it is rebuilt).
    let stepped = SteppedReplay(file: file, configuration: triple, seed: 3, expectedSessions: 16)
    for step in [0.001, 0.5, 2.0] { stepped.advance(by: step) }
    stepped.advance(by: nil)
    let steppedMembers = stepped.tables().snapshot()

    precondition(alone.members[0].sessions.count == alone.liveSessions, "snapshot lost sessions")
    precondition(
        alone.counters.sessionsCreated == UInt64(alone.liveSessions) + alone.counters.sessionsExpired
            + alone.counters.sessionsReplaced,
        "created sessions do not add up")
    func flows(_ members: [MemberSnapshot]) -> [String] {
        members.flatMap(\.sessions).map {
            SessionTableRenderer.flowLine($0.initiator) + SessionTableRenderer.flowLine($0.responder)
        }.sorted()
    }
    precondition(flows(alone.members) == flows(dispatched.members), "three members found other sessions than one")
    let brief = SessionTableRenderer.brief(dispatched.members)
    precondition(SessionTableRenderer.brief(independent.members) == brief, "independent members differ")
    precondition(SessionTableRenderer.brief(steppedMembers) == brief, "the stepped replay differs")
    precondition(dispatched.counters.frames == alone.counters.frames, "frames counted differently")
    let rows = dispatched.tables.countRows(SessionFilter())
    precondition(rows.reduce(0) { $0 + $1.total } == dispatched.liveSessions, "the count rows do not add up")
    var scanned = SessionFilter()
    scanned.serviceSet = "default"  // a filter: every session is looked at instead of the kept counts
    precondition(dispatched.tables.countRows(scanned) == rows, "the kept counts by state differ from a scan")
    precondition(stepped.tables().countRows(scanned) == stepped.tables().countRows(SessionFilter()), "stepped counts differ")
    _ = SessionTableRenderer.count(rows)
    return 0
}
