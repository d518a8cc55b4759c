// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import PrometheusMetrics
import Testing

/// `--metrics-listen`: a port alone is loopback; IPv6 in brackets; anything else refused.
@Suite("Metrics listen address")
struct MetricsListenAddressTests {
    @Test(arguments: [
        ("9100", "127.0.0.1", 9100), ("0.0.0.0:9100", "0.0.0.0", 9100), ("127.0.0.1:0", "127.0.0.1", 0),
        ("[::1]:9100", "::1", 9100), ("localhost:65535", "localhost", 65535),
    ])
    func parses(text: String, host: String, port: Int) {
        #expect(MetricsListenAddress(text) == MetricsListenAddress(host: host, port: port))
    }

    @Test(arguments: ["", ":9100", "host:", "65536", "host:99999", "::1:9100", "[::1]9100", "[::1]:", "9100x", "-1",
                      "host:+80", "000000080"])
    func refuses(text: String) {
        #expect(MetricsListenAddress(text) == nil)
    }

    @Test func printsIPv6InBrackets() {
        #expect(MetricsListenAddress(host: "::1", port: 9100).description == "[::1]:9100")
        #expect(MetricsListenAddress(host: "127.0.0.1", port: 9100).description == "127.0.0.1:9100")
    }
}
