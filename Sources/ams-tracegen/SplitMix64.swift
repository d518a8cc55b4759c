/// A tiny deterministic PRNG (SplitMix64, Steele/Lea/Flood 2014).
///
/// Every trace is a pure function of its options and `--seed`, so the benchmark cache can be
/// reused and two machines replay byte-identical files.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniform value in `0..<bound` (Lemire's multiply-shift; the bias is far below 2⁻³²).
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        let r = UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: next() >> 32))
        return Int((r &* UInt64(bound)) >> 32)
    }

    /// The SplitMix64 finaliser; also used as a stateless hash of a flow number.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
