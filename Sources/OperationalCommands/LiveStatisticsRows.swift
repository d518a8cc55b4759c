// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore

/// The rows `show services sessions analysis` adds under `ams run` *(ours)*: each counter with its label in
/// the text and its element in `| display xml`, written once for both (``SessionTableRenderer``,
/// ``SessionDocuments``).
enum LiveStatisticsRows {
    typealias Row = (label: String, element: String, value: UInt64)

    /// A Linux interface's ring counters.
    static func capture(_ interface: LiveInterfaceSnapshot) -> [Row] {
        [
            ("Frames received", "frames-received", interface.framesReceived),
            ("Frames dropped, ring full", "frames-dropped-ring-full", interface.ringDrops),
            ("Ring queue freezes", "ring-queue-freezes", interface.ringFreezes),
        ]
    }

    /// Inline `ams run`'s frames by verdict.
    static func forwarding(_ counters: LiveForwardingCounters) -> [Row] {
        [
            ("Frames forwarded", "frames-forwarded", counters.forwarded),
            ("Frames dropped", "frames-dropped", counters.dropped),
            ("Frames rejected", "frames-rejected", counters.rejected),
            ("Reject answers sent", "reject-answers-sent", counters.answersSent),
            ("Frames the kernel refused to send", "frames-not-sent", counters.sendFailures),
        ]
    }
}
