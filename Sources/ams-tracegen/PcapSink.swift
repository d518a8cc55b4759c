import Glibc

/// Writes a classic (microsecond, little-endian, LINKTYPE_ETHERNET) pcap file.
///
/// Why not `PacketCapture.PcapWriter`? That writer is general (any link type, `[UInt8]` in,
/// bytes out) and lives in a data-plane module that is still changing. The generator must
/// write 20 M frames in seconds, so it copies a prebuilt frame template straight into one
/// large reusable buffer, patches the per-packet fields in place and flushes the buffer with
/// `write(2)` every few megabytes. No per-packet allocation, no intermediate arrays.
struct PcapSink: ~Copyable {
    static let linkTypeEthernet: UInt32 = 1
    static let recordHeaderSize = 16

    private let fd: Int32
    private let buffer: UnsafeMutableRawPointer
    private let capacity: Int
    private var used = 0
    private(set) var bytesWritten = 0
    private(set) var packets = 0
    private var seconds: UInt32
    private var micros: UInt32
    private let intervalMicros: UInt32

    /// Opens `path` for writing (truncating it) and writes the pcap file header.
    init(path: String, startSeconds: UInt32, intervalMicros: UInt32, bufferBytes: Int = 8 << 20) throws(GeneratorError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw GeneratorError.io("open \(path): errno \(errno)") }
        self.fd = fd
        capacity = bufferBytes
        buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferBytes, alignment: 64)
        seconds = startSeconds
        micros = 0
        self.intervalMicros = intervalMicros
        // struct pcap_file_header, written in host (little-endian) order.
        buffer.storeBytes(of: UInt32(0xA1B2_C3D4).littleEndian, toByteOffset: 0, as: UInt32.self)
        buffer.storeBytes(of: UInt16(2).littleEndian, toByteOffset: 4, as: UInt16.self)
        buffer.storeBytes(of: UInt16(4).littleEndian, toByteOffset: 6, as: UInt16.self)
        buffer.storeBytes(of: UInt32(0), toByteOffset: 8, as: UInt32.self)    // thiszone
        buffer.storeBytes(of: UInt32(0), toByteOffset: 12, as: UInt32.self)   // sigfigs
        buffer.storeBytes(of: UInt32(65535).littleEndian, toByteOffset: 16, as: UInt32.self)  // snaplen
        buffer.storeBytes(of: PcapSink.linkTypeEthernet.littleEndian, toByteOffset: 20, as: UInt32.self)
        used = 24
    }

    deinit {
        buffer.deallocate()
    }

    /// Appends one record: header, then `template`'s bytes. Returns the frame's first byte so
    /// the caller can patch the variable fields. The clock advances by `intervalMicros`.
    @inline(__always)
    mutating func append(_ template: FrameTemplate) throws(GeneratorError) -> UnsafeMutableRawPointer {
        let length = template.length
        if used + PcapSink.recordHeaderSize + length > capacity { try flush() }
        let record = buffer + used
        record.storeBytes(of: seconds.littleEndian, toByteOffset: 0, as: UInt32.self)
        record.storeBytes(of: micros.littleEndian, toByteOffset: 4, as: UInt32.self)
        record.storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, toByteOffset: 8, as: UInt32.self)
        record.storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, toByteOffset: 12, as: UInt32.self)
        let frame = record + PcapSink.recordHeaderSize
        frame.copyMemory(from: template.bytes, byteCount: length)
        used += PcapSink.recordHeaderSize + length
        packets += 1
        micros &+= intervalMicros
        while micros >= 1_000_000 {
            micros -= 1_000_000
            seconds &+= 1
        }
        return frame
    }

    mutating func flush() throws(GeneratorError) {
        var offset = 0
        while offset < used {
            let n = write(fd, buffer + offset, used - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw GeneratorError.io("write: errno \(errno)")
            }
            offset += n
        }
        bytesWritten += used
        used = 0
    }

    /// Flushes and closes the file.
    consuming func finish() throws(GeneratorError) -> (packets: Int, bytes: Int) {
        try flush()
        guard close(fd) == 0 else { throw GeneratorError.io("close: errno \(errno)") }
        return (packets, bytesWritten)
    }
}

enum GeneratorError: Error, CustomStringConvertible {
    case io(String)
    case invalid(String)

    var description: String {
        switch self {
        case .io(let message): "I/O error: \(message)"
        case .invalid(let message): message
        }
    }
}
