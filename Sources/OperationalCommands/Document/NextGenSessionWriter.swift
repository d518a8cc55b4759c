// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

/// `show services sessions | display xml` or `| display json` of Next Gen members, written as the sessions are
/// walked, a chunk at a time: the bytes of ``JunosReply/display(_:_:release:)`` of
/// ``SessionDocuments/nextGenSessionTable(_:extensive:units:)`` with no tree held (as ``SessionTableWriter`` writes
/// the MS-MPC document).
public struct NextGenSessionWriter {
    private var writer: JunosDocumentWriter
    private let extensive: Bool
    private let units: ServiceSetUnits
    private var count: UInt64 = 0

    /// Starts the document in `output` (moved in; ``finish()`` gives it back).
    public init(display: JunosReply.Display, extensive: Bool, units: ServiceSetUnits, output: TextBuffer) {
        writer = JunosReply.beginDisplay(display, release: JunosReply.nextGenRelease, output: output)
        writer.open("flow-session-information", attributes: [JunosAttribute("xmlns", JunosReply.flowNamespace())])
        self.extensive = extensive
        self.units = units
    }

    /// Writes `sessions` of `member`.
    public mutating func write(member: String, _ sessions: [SessionSnapshot]) {
        for session in sessions {
            SessionDocuments.buildNextGenSession(session, member: member, extensive: extensive, units: units, into: &writer)
            count += 1
            writer.output.flushIfFull()
        }
    }

    /// Ends the document (`<displayed-session-count>`, the envelope); the output, to be flushed.
    public mutating func finish() -> TextBuffer {
        writer.leaf("displayed-session-count", decimal: count)
        writer.close()
        JunosReply.endDisplay(&writer)
        return writer.output
    }

    /// The output as it stands, the document left unfinished (the listing was stopped).
    public var output: TextBuffer { writer.output }
}
