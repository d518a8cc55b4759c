import ArgumentParser

/// Bump whenever the bytes a given command line produces change: `Scripts/bench.sh` keys its
/// trace cache on it.
let generatorVersion = "1"

@main
struct TraceGenerator: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ams-tracegen",
        abstract: "Write large synthetic, deterministic Ethernet/IPv4 pcap files for benchmarks.",
        version: "ams-tracegen \(generatorVersion)",
        subcommands: [Mixed.self, UDPPairs.self]
    )
}

struct CommonOptions: ParsableArguments {
    @Option(help: "PRNG seed; the same options and seed give the same bytes.")
    var seed: UInt64 = 1

    @Option(name: .customLong("interval-us"), help: "Packet-time gap between consecutive packets, in microseconds.")
    var intervalMicros: UInt32 = 1

    @Option(name: .customLong("start"), help: "Timestamp of the first packet, in seconds since the epoch.")
    var startSeconds: UInt32 = 1_700_000_000
}

/// Prints the summary lines `Scripts/bench.sh` parses.
func report(path: String, packets: Int, sessions: Int, bytes: Int, since start: ContinuousClock.Instant) {
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("file: \(path)")
    print("packets: \(packets)")
    print("sessions: \(sessions)")
    print("bytes: \(bytes)")
    print("generated in: \((seconds * 1000).rounded() / 1000) s")
}

struct Mixed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "HTTP, DNS and ICMP echo sessions, interleaved, with a constant number alive.")

    @Argument(help: "Output pcap file.")
    var output: String

    @Option(help: "Sessions alive at every instant.")
    var sessions = 50_000

    @Option(help: "Packets to write.")
    var packets = 2_000_000

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard sessions > 0 else { throw ValidationError("--sessions must be positive") }
        guard packets >= 0 else { throw ValidationError("--packets must not be negative") }
    }

    func run() throws {
        let start = ContinuousClock.now
        var writer = try TraceWriter(path: output, startSeconds: common.startSeconds, intervalMicros: common.intervalMicros)
        let trace = MixedTrace(sessions: sessions, packets: packets, seed: common.seed)
        let started = try trace.write(to: &writer)
        let (packets, bytes) = try writer.finish()
        report(path: output, packets: packets, sessions: started, bytes: bytes, since: start)
    }
}

struct UDPPairs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udp-pairs",
        abstract: "UDP flows with distinct 5-tuples: a request and a reply each (or only the request).")

    @Argument(help: "Output pcap file.")
    var output: String

    @Option(help: "Number of flows (sessions).")
    var flows = 1_000_000

    @Flag(name: .customLong("one-way"), help: "Write only the request of each flow: one packet, one session.")
    var oneWay = false

    @Option(help: "The reply of flow n follows the request of flow n + lag.")
    var lag = 256

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard flows >= 0 else { throw ValidationError("--flows must not be negative") }
        guard lag >= 0 else { throw ValidationError("--lag must not be negative") }
    }

    func run() throws {
        let start = ContinuousClock.now
        var writer = try TraceWriter(path: output, startSeconds: common.startSeconds, intervalMicros: common.intervalMicros)
        let trace = UDPPairsTrace(flows: flows, oneWay: oneWay, lag: lag, seed: common.seed)
        let sessions = try trace.write(to: &writer)
        let (packets, bytes) = try writer.finish()
        report(path: output, packets: packets, sessions: sessions, bytes: bytes, since: start)
    }
}
