// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// `show services sessions | display xml` or `| display json` written as the sessions are walked, a chunk at
/// a time: the bytes of ``JunosReply/display(_:_:)`` of ``SessionDocuments/sessionTable(_:extensive:release:)``
/// with no tree held — each session's elements go straight into the output (``JunosDocumentWriter``), so
/// memory stays that of one chunk however many sessions are listed.
///
/// The chunks must come member by member, and within a member service set by service set in the order the
/// document has them (what `MemberTables.forEachSession(_:limit:chunk:byServiceSet:_:)` gives).
public struct SessionTableWriter {
    private var writer: JunosDocumentWriter
    private let extensive: Bool
    /// The `<msp-per-service-set-session-table>` open, if any.
    private var table: (member: String, serviceSet: String)?

    /// Starts the document in `output` (moved in; ``finish()`` gives it back).
    public init(display: JunosReply.Display, extensive: Bool, release: String = JunosReply.release, output: TextBuffer) {
        writer = JunosReply.beginDisplay(display, release: release, output: output)
        writer.open(
            "msp-session-table",
            attributes: [JunosAttribute("xmlns", JunosReply.adaptiveServicesNamespace(release: release))])
        self.extensive = extensive
    }

    /// Writes `sessions`, of `member`, all of one service set.
    public mutating func write(member: String, _ sessions: [SessionSnapshot]) {
        guard let serviceSet = sessions.first?.serviceSet else { return }
        if table?.member != member || table?.serviceSet != serviceSet {
            if table != nil { writer.close() }
            writer.open("msp-per-service-set-session-table")
            writer.leaf("interface-name", member)
            writer.leaf("service-set-name", serviceSet)
            table = (member, serviceSet)
        }
        for session in sessions {
            SessionDocuments.buildSession(session, extensive: extensive, into: &writer)
            writer.output.flushIfFull()
        }
    }

    /// Ends the document; the output, to be flushed.
    public mutating func finish() -> TextBuffer {
        if table != nil { writer.close() }
        table = nil
        writer.close()
        JunosReply.endDisplay(&writer)
        return writer.output
    }

    /// The output as it stands, the document left unfinished (the listing was stopped).
    public var output: TextBuffer { writer.output }
}
