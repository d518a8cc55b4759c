// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import PacketCapture
import Wire

/// The frames of a capture file (pcap or pcapng, memory-mapped or read from a pipe: ``CaptureFile``),
/// read in place by a ``CaptureReader``, with the file loaded ahead of the reader (``ReadAhead``).
public struct CaptureFileSource: FrameSource, ~Copyable {
    let file: CaptureFile
    private var reader: CaptureReader?
    /// A frame read but declined by the last call's body: the next call lends it first.
    private var held: CapturedFrame?
    private var readAhead = ReadAhead()
    /// Set once the file turned out damaged (or not a capture at all).
    public private(set) var failure: CaptureError?
    /// Where to publish how far the reading has got (``ReplayProgress``), if anywhere.
    private let progress: ReplayProgress?
    /// The offset from which the next progress is published.
    private var nextReport: Int

    /// Bytes of capture read between two publications of ``progress``: two relaxed stores every mebibyte
    /// (about ten thousand frames), nothing per frame but a comparison.
    static let progressInterval = 1 << 20

    /// Reads the file's header; a file that is not a capture fails on the first ``lend(_:)``.
    ///
    /// - Parameter progress: where to publish how far the reading has got, if anywhere.
    public init(_ file: CaptureFile, progress: ReplayProgress? = nil) {
        self.file = file
        self.progress = progress
        nextReport = progress == nil ? .max : 0
        do throws(CaptureError) {
            reader = try file.withBytes { (bytes: Span<UInt8>) throws(CaptureError) in try CaptureReader(bytes) }
        } catch {
            failure = error
        }
    }

    @inline(__always)
    public mutating func lend(_ body: (_ bytes: Span<UInt8>, _ frame: FrameInfo) -> Bool) -> FrameSourceEnd {
        guard var reader else { return failure.map { .failed($0) } ?? .exhausted }
        // The reader's state lives in locals for the loop: stored properties of `self` would be written
        // back on every frame.
        var readAhead = self.readAhead
        var held = self.held
        var nextReport = self.nextReport
        let progress = self.progress
        let end = file.withBytes { (bytes: Span<UInt8>) -> FrameSourceEnd in
            while true {
                let frame: CapturedFrame
                if let waiting = held {
                    frame = waiting
                    held = nil
                } else {
                    let next: CapturedFrame?
                    do throws(CaptureError) {
                        next = try reader.next(bytes)
                    } catch {
                        return .failed(error)
                    }
                    guard let next else { return .exhausted }
                    frame = next
                    readAhead.advance(bytes, to: frame.offset)
                    if frame.offset >= nextReport {
                        progress?.publish(bytes: frame.offset, frames: reader.framesRead)
                        nextReport = frame.offset &+ Self.progressInterval
                    }
                }
                let info = FrameInfo(
                    timestamp: frame.timestamp, linkType: frame.linkType, interface: frame.interface,
                    originalLength: frame.originalLength)
                if !body(bytes.extracting(frame.byteRange), info) {
                    held = frame
                    return .paused
                }
            }
        }
        self.readAhead = readAhead
        self.held = held
        self.nextReport = nextReport
        switch end {
        case .paused:
            self.reader = reader
        case .exhausted:
            self.reader = nil
        case .failed(let error):
            self.reader = nil
            failure = error
        }
        return end
    }
}
