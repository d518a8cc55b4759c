// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened once for writing, to which buffers are appended (for large synthetic captures).
///
/// ```swift
/// var output = try CaptureFileOutput(path: "big.pcap")
/// var writer = PcapWriter(linkType: .ethernet, capacity: 1 << 20)
/// for … { writer.append(frame, timestamp: t); if writer.bytes.count > 1 << 20 - 65_536 { try writer.flush(to: &output) } }
/// try writer.flush(to: &output)
/// try output.close()
/// ```
///
/// `~Copyable`: one value owns the descriptor; `deinit` closes it if ``close()`` was not called.
public struct CaptureFileOutput: ~Copyable {
    private var descriptor: Int32
    /// The number of bytes written so far.
    public private(set) var bytesWritten: Int

    /// Creates (or truncates) the file at `path`, mode 0644.
    ///
    /// - Throws: ``CaptureError`` of kind `.open(errno)`.
    public init(path: String) throws(CaptureError) {
        descriptor = unsafe open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        bytesWritten = 0
        guard descriptor >= 0 else { throw CaptureError(kind: .open(errno), offset: 0, framesRead: 0) }
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    /// Appends `bytes` to the file, retrying short writes and interruptions.
    ///
    /// - Throws: ``CaptureError`` of kind `.open(errno)` with the file offset at which writing failed
    ///   (also `EBADF` after ``close()``).
    public mutating func write(_ bytes: [UInt8]) throws(CaptureError) {
        try write(bytes.span)
    }

    /// Appends `bytes` to the file, retrying short writes and interruptions.
    ///
    /// - Throws: ``CaptureError`` of kind `.open(errno)` with the file offset at which writing failed
    ///   (also `EBADF` after ``close()``).
    public mutating func write(_ bytes: Span<UInt8>) throws(CaptureError) {
        var done = 0
        while done < bytes.count {
            // Writes from the span's own memory, within its bounds.
            let result = unsafe bytes.withUnsafeBytes { buffer in
                unsafe systemWrite(descriptor, buffer.baseAddress! + done, buffer.count - done)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw CaptureError(kind: .open(errno), offset: bytesWritten, framesRead: 0)
            }
            done += result
            bytesWritten += result
        }
    }

    /// Closes the file. Calling it again does nothing.
    ///
    /// - Throws: ``CaptureError`` of kind `.open(errno)` if the kernel reports a deferred write error.
    public mutating func close() throws(CaptureError) {
        guard descriptor >= 0 else { return }
        let result = systemClose(descriptor)
        descriptor = -1
        guard result == 0 else { throw CaptureError(kind: .open(errno), offset: bytesWritten, framesRead: 0) }
    }
}

/// Writes `bytes` to a new file at `path` (created or truncated, mode 0644).
///
/// - Throws: ``CaptureError`` of kind `.open(errno)`.
public func writeFile(path: String, bytes: [UInt8]) throws(CaptureError) {
    var output = try CaptureFileOutput(path: path)
    try output.write(bytes)
    try output.close()
}

/// `close(2)`, named so that ``CaptureFileOutput/close()`` does not shadow it.
private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// `write(2)`, named so that ``CaptureFileOutput/write(_:)`` does not shadow it.
@unsafe private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    unsafe write(descriptor, buffer, count)
}
