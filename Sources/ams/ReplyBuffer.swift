// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import SessionService

#if canImport(Glibc)
import Glibc
#endif

/// A daemon's reply as the attached shell receives it: a thread of its own reads the socket into this
/// buffer as fast as the daemon writes — so the daemon never waits for a page of the pager — while the
/// shell's thread shows it through the pager, a chunk at a time. Unbounded: it is the user's own shell that
/// holds a long listing.
final class ReplyBuffer: @unchecked Sendable {
    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var chunks: [[UInt8]] = []
    private var message = ""
    private var outcome: Outcome?
    private var isAbandoned = false

    /// How the reply ended.
    enum Outcome {
        /// Complete, with the command's exit status.
        case status(UInt8)
        /// Abandoned by the shell (Ctrl-C, `q`): the connection was closed.
        case stopped
        /// The daemon went away or broke the protocol.
        case failed(String)
    }

    init() {}

    private func locked<T>(_ body: () -> T) -> T { lock.locked(body) }

    // MARK: The reading thread

    /// Reads the reply to `line` from `client` into the buffer, until it is complete or abandoned.
    func read(_ line: String, from client: ControlClient) {
        let end: Outcome
        do {
            let status = try client.run(line, shouldStop: { self.locked { self.isAbandoned } }) { frame in
                self.locked {
                    switch frame {
                    case .output(let bytes): chunks.append(bytes)
                    case .error(let text): message += text
                    case .status: break
                    }
                    lock.broadcast()
                }
            }
            end = status.map(Outcome.status) ?? .stopped
        } catch {
            end = .failed("\(error)")
        }
        locked {
            outcome = end
            lock.broadcast()
        }
    }

    // MARK: The shell's thread

    /// The output received since the last call, waiting for some; `nil` once the reply has ended and all
    /// of it was taken. `shouldStop` is asked ten times a second while it waits.
    func next(stoppingWhen shouldStop: () -> Bool) -> [UInt8]? {
        locked {
            while chunks.isEmpty && outcome == nil {
                if shouldStop() { return nil }
                lock.wait(seconds: 0.1)
            }
            guard !chunks.isEmpty else { return nil }
            defer { chunks = [] }
            if chunks.count == 1 { return chunks[0] }
            // One copy a chunk (`Array(chunks.joined())` went through a flattened sequence byte by byte: 79 %
            // of `ams show`'s time for 1.6 GB of XML).
            var bytes: [UInt8] = []
            bytes.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
            for chunk in chunks { bytes.append(contentsOf: chunk) }
            return bytes
        }
    }

    /// Stops the reading (the connection is closed, which stops the command in the daemon) and waits until
    /// the reading thread is done; how the reply ended and its error text.
    func finish(abandoning: Bool) -> (Outcome, String) {
        locked {
            if abandoning { isAbandoned = true }
            while outcome == nil { lock.wait() }
            return (outcome!, message)
        }
    }
}
