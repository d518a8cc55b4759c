// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import SessionEngine
import SessionService
import Synchronization

/// `ams replay`'s progress line on a terminal: once the replay has run for a second, a thread of its own
/// redraws ``ReplayProgressLine`` on standard error in place (`\r`, then erase to the end of the line) four
/// times a second, from the counters the replay publishes (``ReplayProgress``); ``stop()`` erases it.
///
/// The data path pays nothing for it but the counters' relaxed stores, once per mebibyte read.
final class ProgressReporter: Sendable {
    /// What the replay publishes.
    let progress = ReplayProgress()

    /// Nothing is drawn before the replay has run this long.
    static let delay = Duration.seconds(1)
    /// Time between two redraws, microseconds.
    static let interval: UInt32 = 250_000

    private struct State {
        var isStopped = false
        /// A line is on the terminal, to be erased.
        var isDrawn = false
    }
    private let state = Mutex(State())

    /// A reporter if standard error is a terminal, `nil` otherwise (a file, a pipe: no progress at all).
    static func forStandardError() -> ProgressReporter? {
        isatty(2) == 1 ? ProgressReporter() : nil
    }

    /// Starts the thread that draws the line.
    func start() {
        DispatchQueue(label: "ams.progress").async { [self] in run() }
    }

    /// Erases the line, if one was drawn, and draws no more: returns once the terminal is clear, so that
    /// whatever is written next starts on a clean line.
    func stop() {
        state.withLock { state in
            if state.isDrawn { Self.write("\r\u{1B}[K") }
            state.isStopped = true
            state.isDrawn = false
        }
    }

    /// Samples the counters every interval; draws from the first second on. A phase (reading standard
    /// input, then replaying) counts from nothing, and its rates from the sample before the one that first
    /// saw it (the reporter's start for the first): at most an interval early.
    private func run() {
        let clock = ContinuousClock()
        let started = clock.now
        var previousSample = started
        var phase = ReplayProgress.Phase.starting
        var phaseStarted = started
        while true {
            usleep(Self.interval)
            let now = clock.now
            let snapshot = progress.snapshot
            if snapshot.phase != phase {
                phase = snapshot.phase
                phaseStarted = previousSample
            }
            previousSample = now
            let elapsed = now - phaseStarted
            let line = ReplayProgressLine.text(
                snapshot, elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            let isDone = state.withLock { state in
                guard !state.isStopped else { return true }
                if now - started >= Self.delay && !line.isEmpty {
                    Self.write("\r" + line + "\u{1B}[K")
                    state.isDrawn = true
                }
                return false
            }
            if isDone { return }
        }
    }

    private static func write(_ text: String) {
        var standardError = StandardError()
        standardError.write(text)
    }
}
