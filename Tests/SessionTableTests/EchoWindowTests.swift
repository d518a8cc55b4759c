// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionTable
import Testing

/// The ICMP ALG's echo pairing (README.md, *ALGs*: ICMP): a reply needs its request, at most 20 wait.
@Suite("Echo window")
struct EchoWindowTests {
    /// Applies `steps` (request or reply, sequence) from `first`'s window; what each step returned.
    static func run(first: UInt16, _ steps: [(isRequest: Bool, sequence: UInt16)]) -> (results: [Bool], window: EchoWindow) {
        var window = EchoWindow(firstRequest: first)
        var results: [Bool] = []
        for step in steps {
            results.append(step.isRequest ? window.request(step.sequence) : window.reply(step.sequence))
        }
        return (results, window)
    }

    @Test func repliesPairWithTheirRequestsOnce() {
        let run = Self.run(first: 1, [(true, 2), (true, 3), (false, 2), (false, 2), (false, 1), (false, 3), (false, 4)])
        #expect(run.results == [true, true, true, false, true, true, false])
        #expect(run.window.outstanding == 0)
    }

    @Test func atMostTwentyRequestsWait() {
        let requests = (1..<20).map { (isRequest: true, sequence: UInt16($0)) }
        let full = Self.run(first: 0, requests)
        #expect(full.results.allSatisfy { $0 } && full.window.outstanding == 20)
        let more = Self.run(first: 0, requests + [(true, 20), (false, 7), (true, 20), (true, 20)])
        #expect(more.results.suffix(4) == [false, true, true, true])
        // The retransmitted request 20 already waits: it is not counted twice.
        #expect(more.window.outstanding == 20)
    }

    @Test func sequenceNumbersWrapAndOldRequestsAreForgotten() {
        let run = Self.run(first: 65_534, [
            (true, 65_535), (true, 0), (true, 1), (false, 65_534), (false, 0),
            // 30 ahead: everything more than 23 behind the new top is forgotten.
            (true, 31), (false, 65_535), (false, 1), (false, 31),
        ])
        #expect(run.results == [true, true, true, true, true, true, false, false, true])
        #expect(run.window.outstanding == 0)
    }
}
