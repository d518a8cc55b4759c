// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration
import ServicesTestSupport
import Testing

/// Random bytes and random truncations or mutations of valid configurations never trap.
@Suite struct HostileInputTests {
    @Test func randomBytesNeverTrap() {
        var generator = SplitMix64(state: 0xA5)
        let alphabet = Array("{}[];\"#/*\\ \n\tabset-0123456789.:/inactive:".utf8)
        for round in 0..<300 {
            let count = Int.random(in: 0..<400, using: &generator)
            let bytes: [UInt8] = (0..<count).map { _ in
                round.isMultiple(of: 2) ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator)!
            }
            let result = ConfigurationParser.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz")
            if result.configuration == nil { #expect(!result.diagnostics.isEmpty) }
        }
    }

    @Test func truncationsAndMutationsNeverTrap() {
        var generator = SplitMix64(state: 42)
        for text in [SampleConfigurations.full, SampleConfigurations.full, SampleConfigurations.minimalSet] {
            let scalars = Array(text.unicodeScalars)
            for _ in 0..<150 {
                var mutated = Array(scalars.prefix(Int.random(in: 0...scalars.count, using: &generator)))
                if Bool.random(using: &generator), !mutated.isEmpty {
                    for _ in 0..<Int.random(in: 1...5, using: &generator) {
                        let index = Int.random(in: 0..<mutated.count, using: &generator)
                        mutated[index] = ["{", "}", ";", "[", "]", "\"", " ", "\n", "x", "9"].randomElement(using: &generator)!
                    }
                }
                var string = ""
                string.unicodeScalars.append(contentsOf: mutated)
                let result = ConfigurationParser.parse(string, file: "fuzz")
                if result.configuration == nil { #expect(!result.diagnostics.isEmpty) }
                // Whatever parses must print and re-parse to itself.
                if let configuration = result.configuration {
                    #expect(ConfigurationParser.parse(configuration.curlyBraceText(), file: "p").configuration == configuration)
                }
            }
        }
    }
}
