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
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
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

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

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
                    pthread_cond_broadcast(condition)
                }
            }
            end = status.map(Outcome.status) ?? .stopped
        } catch {
            end = .failed("\(error)")
        }
        locked {
            outcome = end
            pthread_cond_broadcast(condition)
        }
    }

    // MARK: The shell's thread

    /// The output received since the last call, waiting for some; `nil` once the reply has ended and all
    /// of it was taken. `shouldStop` is asked ten times a second while it waits.
    func next(stoppingWhen shouldStop: () -> Bool) -> [UInt8]? {
        locked {
            while chunks.isEmpty && outcome == nil {
                if shouldStop() { return nil }
                var deadline = timespec()
                clock_gettime(CLOCK_REALTIME, &deadline)
                deadline.tv_nsec += 100_000_000
                if deadline.tv_nsec >= 1_000_000_000 {
                    deadline.tv_sec += 1
                    deadline.tv_nsec -= 1_000_000_000
                }
                pthread_cond_timedwait(condition, mutex, &deadline)
            }
            guard !chunks.isEmpty else { return nil }
            let bytes = chunks.joined()
            chunks = []
            return Array(bytes)
        }
    }

    /// Stops the reading (the connection is closed, which stops the command in the daemon) and waits until
    /// the reading thread is done; how the reply ended and its error text.
    func finish(abandoning: Bool) -> (Outcome, String) {
        locked {
            if abandoning { isAbandoned = true }
            while outcome == nil { pthread_cond_wait(condition, mutex) }
            return (outcome!, message)
        }
    }
}
