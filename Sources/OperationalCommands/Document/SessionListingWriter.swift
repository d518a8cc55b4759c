// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// `show services sessions | display xml` or `| display json` written as the sessions are walked, a chunk at
/// a time, with no tree held: the bytes of ``JunosReply/display(_:_:release:)`` of the tree documents —
/// ``SessionDocuments/sessionTable(_:extensive:release:)`` for MS-MPC members,
/// ``SessionDocuments/nextGenSessionTable(_:extensive:units:)`` for Next Gen ones (SPEC.md §9), and both, one
/// body after the other in one reply, for a listing over bundles of both generations (*ours*: a real chassis
/// holds one generation). Each session's elements go straight into the output (``JunosDocumentWriter``), so
/// memory stays that of one chunk however many sessions are listed.
///
/// A body is begun (``begin(_:)``) once per generation; MS-MPC chunks come member by member, and within a
/// member service set by service set in the order the document has them
/// (`MemberTables.forEachSession(_:limit:chunk:byServiceSet:_:)` with `byServiceSet: true`).
public struct SessionListingWriter {
    /// The body being written.
    private enum Body {
        /// `<msp-session-table>`, with the `<msp-per-service-set-session-table>` open, if any.
        case msMPC(table: (member: String, serviceSet: String)?)
        /// `<flow-session-information>`, with the sessions written in it.
        case nextGen(count: UInt64)
    }

    private var writer: JunosDocumentWriter
    private let extensive: Bool
    private let units: ServiceSetUnits
    private var body: Body?

    /// Starts the reply in `output` (moved in; ``finish()`` gives it back), its envelope naming `release`.
    /// `units` name the Next Gen sessions' `If:` units.
    public init(
        display: JunosReply.Display, extensive: Bool, release: String = JunosReply.release,
        units: ServiceSetUnits = ServiceSetUnits(), output: TextBuffer
    ) {
        writer = JunosReply.beginDisplay(display, release: release, output: output)
        self.extensive = extensive
        self.units = units
    }

    /// Ends the body being written, if any, and begins the one of `generation`'s members.
    public mutating func begin(_ generation: ServicesGeneration) {
        endBody()
        let release = JunosReply.release(for: generation)
        switch generation {
        case .msMPC:
            writer.open(
                "msp-session-table", attributes: [JunosAttribute("xmlns", JunosReply.adaptiveServicesNamespace(release: release))])
            body = .msMPC(table: nil)
        case .nextGen:
            writer.open("flow-session-information", attributes: [JunosAttribute("xmlns", JunosReply.flowNamespace(release: release))])
            body = .nextGen(count: 0)
        }
    }

    /// Writes `sessions` of `member` (MS-MPC: all of one service set) into the body begun.
    public mutating func write(member: String, _ sessions: [SessionSnapshot]) {
        switch body {
        case nil:
            preconditionFailure("no body begun")
        case .msMPC(let table):
            guard let serviceSet = sessions.first?.serviceSet else { return }
            if table?.member != member || table?.serviceSet != serviceSet {
                if table != nil { writer.close() }
                writer.open("msp-per-service-set-session-table")
                writer.leaf("interface-name", member)
                writer.leaf("service-set-name", serviceSet)
                body = .msMPC(table: (member, serviceSet))
            }
            for session in sessions {
                SessionDocuments.buildSession(session, extensive: extensive, into: &writer)
                writer.output.flushIfFull()
            }
        case .nextGen(let count):
            for session in sessions {
                SessionDocuments.buildNextGenSession(session, member: member, extensive: extensive, units: units, into: &writer)
                writer.output.flushIfFull()
            }
            body = .nextGen(count: count + UInt64(sessions.count))
        }
    }

    /// Ends the reply; the output, to be flushed.
    public mutating func finish() -> TextBuffer {
        endBody()
        JunosReply.endDisplay(&writer)
        return writer.output
    }

    /// The output as it stands, the reply left unfinished (the listing was stopped).
    public var output: TextBuffer { writer.output }

    private mutating func endBody() {
        switch body {
        case nil: return
        case .msMPC(let table):
            if table != nil { writer.close() }
        case .nextGen(let count):
            writer.leaf("displayed-session-count", decimal: count)
        }
        writer.close()
        body = nil
    }
}
