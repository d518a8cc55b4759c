// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import ams
import OperationalCommands
import Testing

/// Tab: the only candidate completes with a space; several extend to what they share; when they share
/// nothing more, the second Tab lists them.
@Suite("Tab completion")
struct CompletionTests {
    static func tab(_ before: String) -> LineEditor.Completion {
        LineEditor.completion(after: before, candidates: CommandParser.completions(before))
    }

    @Test func oneCandidateCompletesTheWord() {
        #expect(Self.tab("show serv") == .insert("ices "))
        #expect(Self.tab("sh") == .insert("ow "))
        #expect(Self.tab("show services sessions protocol ud") == .insert("p "))
    }

    @Test func severalExtendToTheSharedPartThenList() {
        #expect(Self.tab("show services sessions de") == .insert("stination-p"))
        #expect(Self.tab("show services sessions destination-p") == .list)
        #expect(Self.tab("show services sessions protocol ic") == .insert("mp"))
        #expect(Self.tab("show services sessions protocol icmp") == .list)
        #expect(Self.tab("show services sessions ") == .list)
    }

    @Test func nothingToComplete() {
        #expect(Self.tab("show bogus ") == .none)
        #expect(Self.tab("show services sessions source-port ") == .none)
    }
}
