// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionEngine
import SessionService

/// libFuzzer's entry point for the session records' reader (`ams show --sessions`, README *Session records*):
/// the input's lines read with a two-member built-in configuration. A line either fails with a reason or
/// reads as a session that writes back to a line reading as the same session; the sessions held go into
/// restored tables, which answer a listing.
@c(LLVMFuzzerTestOneInput)
public func fuzzRecords(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let bytes = unsafe Array(UnsafeBufferPointer(start: data, count: size))
    let configuration = EngineConfiguration.builtInDefault(memberCount: 2)
    let names = SessionRecordNames(configuration)
    var reader = SessionRecordReader(configuration: configuration)
    let restored = RestoredTables(configuration: configuration)
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
        let session: FinishedSession
        do throws(SessionRecordReader.LineError) {
            session = try read(Array(line), &reader)
        } catch {
            precondition(!error.message.isEmpty, "a line refused without a reason")
            continue
        }
        var again = SessionRecordReader(configuration: configuration)
        let written = Array(JSONLinesRecordSink.line(session, names: names).utf8.dropLast())
        do throws(SessionRecordReader.LineError) {
            let back = try read(written, &again)
            precondition(back.close == session.close && back.start == session.start, "a line read back differs")
        } catch {
            preconditionFailure("a line written from a session read is refused: \(error)")
        }
        restored.add(session)
    }
    let tables = restored.tables()
    let members = tables.snapshot()
    precondition(members.count == 2, "a member lost")
    return 0
}

/// The session of the line `bytes`.
private func read(_ bytes: [UInt8], _ reader: inout SessionRecordReader) throws(SessionRecordReader.LineError) -> FinishedSession {
    try reader.session(bytes.span)
}
