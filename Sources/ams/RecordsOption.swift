// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ArgumentParser
import SessionEngine
import SessionService

/// `--records FILE` of `ams replay` and `ams run`: session records (README, *Session records*) as JSON lines.
enum RecordsOption {
    /// The records service writing to `path`; its drain thread is not started yet (``SessionRecordService/start()``:
    /// `ams run` starts it once the signals are blocked, so that the thread inherits the mask).
    static func make(path: String, configuration: EngineConfiguration) throws -> SessionRecordService {
        let sink: JSONLinesRecordSink
        do {
            sink = try JSONLinesRecordSink(path: path, names: SessionRecordNames(configuration))
        } catch {
            throw ValidationError("--records \(error.message)")
        }
        return SessionRecordService(members: configuration.members.count, sinks: [sink])
    }

    /// Stops `service` once every record is written, and says on standard error what was written.
    static func stop(_ service: SessionRecordService, path: String) {
        service.stop()
        var standardError = StandardError()
        standardError.write(summary(service, path: path) + "\n")
    }

    /// `ams: records: N sessions written to FILE, M records dropped`.
    static func summary(_ service: SessionRecordService, path: String) -> String {
        let written = service.drain.finished
        return "ams: records: \(written) session\(written == 1 ? "" : "s") written to "
            + "\(path == "-" ? "standard output" : path), \(service.dropped) record\(service.dropped == 1 ? "" : "s") dropped"
    }
}
