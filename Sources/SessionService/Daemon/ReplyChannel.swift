// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// One reply on its way from the thread where the command runs (``DaemonCommands``) to the thread that writes
/// it to a client: frames (``ControlProtocol``) queued under a lock, at most ``capacity`` bytes. A command
/// whose client reads slowly waits for room, as long as the client goes on reading; one whose client takes
/// nothing for ``patience`` seconds is stopped like one whose client has gone (``isClosed``). Only the
/// command's own thread waits: the engine answers its questions a job at a time (``MailboxTables``).
public final class ReplyChannel: @unchecked Sendable {
    /// Bytes queued at most before the command waits.
    public static let capacity = 4 << 20
    /// Seconds a command waits for a client that takes nothing before it is stopped.
    public static let patience = 60.0

    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var queued: [UInt8] = []
    private var isFinished = false
    private var closed = false
    private var lastTaken = 0.0
    private var outOfPatience = false

    public init() {}

    private func locked<T>(_ body: () -> T) -> T { lock.locked(body) }

    // MARK: The command's side

    /// `true` once the reply has no reader any more (the client went, or was too slow): the command stops.
    public var isClosed: Bool { locked { closed } }

    /// `true` once the command was stopped because its reader was too slow (``patience``): the reply ends
    /// after the frames taken so far, without its status, which its writer then owes the client.
    public var ranOutOfPatience: Bool { locked { outOfPatience } }

    /// Queues output bytes, waiting for room if the queue is full.
    public func output(_ bytes: [UInt8]) { send(.output, bytes) }

    /// Queues a message for the client's standard error.
    public func error(_ text: String) { send(.error, Array(text.utf8)) }

    /// Queues the exit status: the reply is complete.
    public func finish(status: UInt8) {
        send(.status, [status])
        locked {
            isFinished = true
            lock.broadcast()
        }
    }

    private func send(_ kind: ControlProtocol.Kind, _ payload: [UInt8]) {
        locked {
            let started = Self.seconds()
            while !closed && !isFinished && queued.count >= Self.capacity {
                lock.wait(seconds: 0.5)
                // Time counts from the reader's last take (``take()`` empties the queue).
                if queued.count >= Self.capacity && Self.seconds() - max(started, lastTaken) > Self.patience {
                    (closed, outOfPatience) = (true, true)
                }
            }
            guard !closed, !isFinished else { return }
            ControlProtocol.append(kind, payload, to: &queued)
            lock.broadcast()
        }
    }

    private static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    // MARK: The writer's side

    /// The bytes queued so far, waiting for some; `nil` once the reply is complete and all taken (or
    /// closed).
    public func take() -> [UInt8]? {
        locked {
            while queued.isEmpty && !isFinished && !closed { lock.wait() }
            if queued.isEmpty || closed { return nil }
            let bytes = queued
            queued = []
            lastTaken = Self.seconds()
            lock.broadcast()
            return bytes
        }
    }

    /// The reader is gone: the command stops at its next question, its output is dropped.
    public func close() {
        locked {
            closed = true
            queued = []
            lock.broadcast()
        }
    }
}
