// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// `show services sessions | display xml` or `| display json` written as the sessions are walked, a chunk at
/// a time: the bytes of ``JunosReply/display(_:_:)`` of ``SessionDocuments/sessionTable(_:extensive:release:)``
/// with no tree held — memory stays that of one chunk however many sessions are listed.
///
/// The chunks must come member by member, and within a member service set by service set in the order the
/// document has them (what `MemberTables.forEachSession(_:limit:chunk:byServiceSet:_:)` gives).
public struct SessionTableWriter {
    private let display: JunosReply.Display
    private let extensive: Bool
    private let release: String
    private var writer: JunosDocumentWriter?
    /// The `<msp-per-service-set-session-table>` open, if any.
    private var table: (member: String, serviceSet: String)?

    public init(display: JunosReply.Display, extensive: Bool, release: String = JunosReply.release) {
        self.display = display
        self.extensive = extensive
        self.release = release
    }

    /// Writes `sessions`, of `member`, all of one service set.
    public mutating func write(member: String, _ sessions: [SessionSnapshot], to output: inout TextBuffer) {
        guard let serviceSet = sessions.first?.serviceSet else { return }
        var writer = begin(&output)
        defer { self.writer = writer }
        if table?.member != member || table?.serviceSet != serviceSet {
            if table != nil { writer.close(to: &output) }
            writer.open("msp-per-service-set-session-table", to: &output)
            writer.write(.leaf("interface-name", member), to: &output)
            writer.write(.leaf("service-set-name", serviceSet), to: &output)
            table = (member, serviceSet)
        }
        for session in sessions {
            writer.write(SessionDocuments.sessionElement(session, extensive: extensive), to: &output)
        }
    }

    /// Ends the document.
    public mutating func finish(to output: inout TextBuffer) {
        var writer = begin(&output)
        if table != nil { writer.close(to: &output) }
        table = nil
        writer.close(to: &output)
        JunosReply.endDisplay(&writer, to: &output)
        self.writer = writer
    }

    /// The writer, the document started (envelope and `<msp-session-table>` opened) on first use.
    private mutating func begin(_ output: inout TextBuffer) -> JunosDocumentWriter {
        if let writer {
            self.writer = nil  // held by the caller alone while it writes: no copy of its buffers
            return writer
        }
        var writer = JunosReply.beginDisplay(display, release: release, to: &output)
        writer.open(
            "msp-session-table",
            attributes: [JunosAttribute("xmlns", JunosReply.adaptiveServicesNamespace(release: release))], to: &output)
        return writer
    }
}
