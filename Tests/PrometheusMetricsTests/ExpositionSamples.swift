// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The samples of a text exposition (format 0.0.4), read back for the tests: `# TYPE` lines and
/// `name{label="value",…} number` lines; anything else fails the read.
struct ExpositionSamples {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
    }

    var types: [String: String] = [:]
    var values: [Sample: Double] = [:]

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.isEmpty || text.hasSuffix("\n") else { throw Malformed(description: "no final newline") }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let fields = line.split(separator: " ")
                guard fields.count == 4 else { throw Malformed(description: "bad TYPE line: \(line)") }
                guard types.updateValue(String(fields[3]), forKey: String(fields[2])) == nil else {
                    throw Malformed(description: "TYPE twice: \(line)")
                }
                continue
            }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw Malformed(description: "bad sample: \(line)")
            }
            let series = line[..<space]
            var sample = Sample(name: String(series), labels: [:])
            if let open = series.firstIndex(of: "{") {
                guard series.hasSuffix("}") else { throw Malformed(description: "bad labels: \(line)") }
                sample.name = String(series[..<open])
                let body = series[series.index(after: open)..<series.index(before: series.endIndex)]
                for pair in body.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, parts[1].hasPrefix("\""), parts[1].hasSuffix("\""), parts[1].count >= 2 else {
                        throw Malformed(description: "bad label: \(line)")
                    }
                    sample.labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            }
            guard types[sample.name] != nil else { throw Malformed(description: "sample before its TYPE: \(line)") }
            guard values.updateValue(value, forKey: sample) == nil else { throw Malformed(description: "twice: \(line)") }
        }
    }

    subscript(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        values[Sample(name: name, labels: labels)]
    }

    /// The samples of metric `name`.
    func series(_ name: String) -> [Sample: Double] {
        values.filter { $0.key.name == name }
    }
}
