// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A capture file mapped read-only into memory.
///
/// The file is mapped with `mmap(PROT_READ, MAP_PRIVATE)`. If mapping fails (a pipe, a special
/// file), it is read into one heap buffer instead. Either way the bytes never change while the
/// object lives, and ``withBytes(_:)`` lends them as one `Span<UInt8>`:
///
/// ```swift
/// let file = try CaptureFile(path: "capture.pcap")
/// file.advise(sequential: true)
/// try file.withBytes { (bytes) throws(CaptureError) in
///     var reader = try CaptureReader(bytes)
///     while let frame = try reader.next(bytes) { … }
/// }
/// ```
///
/// `@unchecked Sendable` invariant: `base` and `count` are immutable after `init`, the memory they
/// describe is never written (a read-only private mapping, or a buffer filled once in `init`), and it
/// is released only in `deinit`, when no thread can hold a reference any more. It is `@safe`
/// because the pointer never leaves the class except as a `Span` scoped to ``withBytes(_:)``.
@safe public final class CaptureFile: @unchecked Sendable {
    /// The start of the bytes; `nil` for an empty file. (Visible to inlinable code only, for
    /// ``withBytes(_:)``: a frame loop inlines its body rather than call it per frame.)
    @usableFromInline let base: UnsafeRawPointer?
    /// The file size in bytes.
    public let count: Int
    /// `true` if `base` is an `mmap` mapping, `false` if it is a heap buffer.
    private let isMapped: Bool

    /// Opens and maps the file at `path`.
    ///
    /// - Throws: ``CaptureError`` of kind `.open(errno)` (offset 0, no frames read) if the file
    ///   cannot be opened, measured or read.
    public init(path: String) throws(CaptureError) {
        let descriptor = unsafe open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure(errno) }
        defer { _ = close(descriptor) }

        var status = stat()
        // `fstat` writes only into `status`, a local of the right type.
        guard unsafe fstat(descriptor, &status) == 0 else { throw Self.failure(errno) }
        let size = Int(status.st_size)

        if size <= 0 || (status.st_mode & S_IFMT) != S_IFREG {
            // Empty, or not a regular file: read whatever the descriptor yields.
            let (buffer, length) = try unsafe Self.readAll(descriptor, sizeHint: max(size, 0))
            unsafe base = UnsafeRawPointer(buffer)
            count = length
            isMapped = false
            return
        }
        // A read-only private mapping of `size` bytes; checked against MAP_FAILED below.
        let mapping = unsafe mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        if let mapping = unsafe mapping, unsafe mapping != UnsafeMutableRawPointer(bitPattern: -1) {
            unsafe base = UnsafeRawPointer(mapping)
            count = size
            isMapped = true
        } else {
            let (buffer, length) = try unsafe Self.readAll(descriptor, sizeHint: size)
            unsafe base = UnsafeRawPointer(buffer)
            count = length
            isMapped = false
        }
    }

    /// Reads everything the open descriptor `descriptor` yields (standard input: `ams replay -`) into one
    /// buffer; the descriptor is not closed.
    ///
    /// - Parameter progress: called with the bytes read so far after each read (a pipe's read returns at
    ///   most 64 KiB), for a progress line.
    /// - Throws: ``CaptureError`` of kind `.open(errno)` if reading fails.
    public init(reading descriptor: Int32, progress: ((Int) -> Void)? = nil) throws(CaptureError) {
        let (buffer, length) = try unsafe Self.readAll(descriptor, sizeHint: 0, progress: progress)
        unsafe base = UnsafeRawPointer(buffer)
        count = length
        isMapped = false
    }

    /// A capture held in memory (a copy of `bytes`): for captures that never were a file — a fuzzer's
    /// input, a benchmark's generated trace.
    public init(bytes: borrowing Span<UInt8>) {
        let length = bytes.count
        count = length
        isMapped = false
        guard length > 0 else {
            unsafe base = nil
            return
        }
        // Freed by `deinit`; `length` bytes are copied in.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: 16)
        unsafe bytes.withUnsafeBytes { unsafe buffer.copyMemory(from: $0.baseAddress!, byteCount: length) }
        unsafe base = UnsafeRawPointer(buffer)
    }

    deinit {
        guard let base = unsafe base else { return }
        if isMapped {
            // The mapping was created in `init` with exactly `count` bytes and is unmapped once.
            _ = unsafe munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            // The buffer was allocated in `readAll` and is freed once.
            unsafe UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    /// Calls `body` with a span over the whole file.
    ///
    /// - Parameter body: A closure that reads the bytes. The span must not escape it.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    @inlinable
    public func withBytes<R, E: Error>(_ body: (Span<UInt8>) throws(E) -> R) throws(E) -> R {
        // `base` points at `count` readable bytes that stay valid and unchanged while `self` is alive,
        // and `self` is alive for the duration of this call.
        let buffer = unsafe UnsafeRawBufferPointer(start: base, count: count)
        let span = unsafe Span<UInt8>(_unsafeBytes: buffer)
        return try body(span)
    }

    /// Tells the kernel how the mapping will be read (`madvise`); a hint only, errors are ignored.
    ///
    /// - Parameter sequential: `true` for one front-to-back pass (aggressive read-ahead),
    ///   `false` to restore the default.
    public func advise(sequential: Bool) {
        guard isMapped, let base = unsafe base else { return }
        // `madvise` only changes paging behaviour of our own read-only mapping.
        _ = unsafe madvise(
            UnsafeMutableRawPointer(mutating: base),
            count,
            sequential ? MADV_SEQUENTIAL : MADV_NORMAL
        )
    }

    /// Gives back the pages of `range` (byte offsets, shrunk to whole pages inside the file) that the
    /// process has mapped (`madvise(MADV_DONTNEED)`), for a reader that is done with them. A later read of
    /// those bytes maps them again from the file, so the bytes never change; a heap buffer is left alone.
    ///
    /// Unmapping a large capture costs one pass over all its mapped pages (about 15 ms for 500 MB); this
    /// lets a caller pay it while other threads still work, rather than at exit. Safe while other threads
    /// read other parts of the file.
    public func release(_ range: Range<Int>) {
        guard isMapped, let base = unsafe base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (max(0, range.lowerBound) + page - 1) & ~(page - 1)
        let end = min(count, range.upperBound) & ~(page - 1)
        guard start < end else { return }
        // Drops page-table entries of our own read-only, private file mapping; nothing was written to it.
        _ = unsafe madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    // MARK: - Private

    private static func failure(_ code: Int32) -> CaptureError {
        CaptureError(kind: .open(code), offset: 0, framesRead: 0)
    }

    /// Reads the descriptor to its end into one heap buffer; returns the buffer (or `nil` if empty)
    /// and the number of bytes read.
    private static func readAll(
        _ descriptor: Int32,
        sizeHint: Int,
        progress: ((Int) -> Void)? = nil
    ) throws(CaptureError) -> (UnsafeMutableRawPointer?, Int) {
        var capacity = max(sizeHint, 65_536)
        // Freed by `deinit`, or below on failure.
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var length = 0
        while true {
            if length == capacity {
                let (doubled, overflow) = capacity.multipliedReportingOverflow(by: 2)
                guard !overflow else {
                    unsafe buffer.deallocate()
                    throw failure(ENOMEM)
                }
                // Copy into a larger buffer; both are ours and `length` bytes are initialised.
                let larger = UnsafeMutableRawPointer.allocate(byteCount: doubled, alignment: 16)
                unsafe larger.copyMemory(from: buffer, byteCount: length)
                unsafe buffer.deallocate()
                unsafe buffer = larger
                capacity = doubled
            }
            // Reads into the unused tail of our buffer, never past `capacity`.
            let result = unsafe read(descriptor, buffer + length, capacity - length)
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                unsafe buffer.deallocate()
                throw failure(code)
            }
            if result == 0 { break }
            length += result
            progress?(length)
        }
        if length == 0 {
            unsafe buffer.deallocate()
            return (nil, 0)
        }
        return unsafe (buffer, length)
    }
}
