import Foundation
import Testing
@testable import UAC2Kit

/// The SARIF output is validated against the OASIS SARIF 2.1.0 JSON schema (Tests/Schemas, from
/// oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json) with Python's `jsonschema` package,
/// which Tools/test installs when missing.
@Suite struct RuleSarifTests {
    static let schema = Fixtures.root.appendingPathComponent("Tests/Schemas/sarif-schema-2.1.0.json")

    func validate(_ doc: JSONValue) throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-sarif-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out.sarif")
        try Data(doc.serialized(pretty: true).utf8).write(to: file)
        let r = try Fixtures.run("/usr/bin/env", ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
            for e in errors[:5]: print(list(e.absolute_path), e.message)
            sys.exit(1 if errors else 0)
            """, Self.schema.path, file.path], mergeStderr: true)
        return (r.status, r.out)
    }

    @Test func sarifOfSeedAndCapturesValidatesAgainstTheSchema() throws {
        let results = [DescriptorBuilder.seed().check(), RuleEngine.check(Fixtures.decode("anker-powerconf-c200-291a_3369.hex.txt")),
                       RuleEngine.check(Fixtures.decode("ksoloti-core-16c0_0444.bin"))]
        let doc = SarifReport.document(results)
        let (status, output) = try validate(doc)
        #expect(status == 0, "\(output)")
        // A rule entry per catalogue id, and results that point into their input.
        guard case .array(let runs)? = doc["runs"], case .object? = runs.first,
              case .array(let rules)? = runs[0]["tool"]?["driver"]?["rules"], case .array(let res)? = runs[0]["results"] else {
            Issue.record("no runs/rules/results"); return
        }
        #expect(rules.count == RuleCatalog.all.count)
        #expect(res.count == results.reduce(0) { $0 + $1.findings.count })
        let text = doc.serialized()
        #expect(text.contains("\"startLine\""))     // text input: line regions
        #expect(text.contains("\"byteOffset\""))    // raw input: byte regions
    }

    @Test func brokenSarifIsRejectedByTheValidator() throws {
        // The validator must be able to fail: a result with a bad level.
        let bad: JSONValue = .object([("version", .string("2.1.0")), ("runs", .array([.object([
            ("tool", .object([("driver", .object([("name", .string("uac2"))]))])),
            ("results", .array([.object([("message", .object([("text", .string("x"))])), ("level", .string("fatal"))])])),
        ])]))])
        #expect(try validate(bad).status != 0)
    }
}
