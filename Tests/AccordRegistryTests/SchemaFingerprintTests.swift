import Testing
@testable import AccordRegistry

@Suite("Schema fingerprints")
struct SchemaFingerprintTests {
    @Test func isTheSHA256OfTheCanonicalTextWithoutReferences() {
        // FIPS 180-2 test vector for "abc".
        #expect(SchemaFingerprint.of(canonicalText: "abc", references: [])
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func referencesChangeTheFingerprint() {
        let money = SchemaReference(name: "https://schemas.accord.dev/money/schema.json", subject: "money", version: 1)
        let moneyV2 = SchemaReference(name: money.name, subject: "money", version: 2)
        let plain = SchemaFingerprint.of(canonicalText: #"{"type":"object"}"#, references: [])
        let v1 = SchemaFingerprint.of(canonicalText: #"{"type":"object"}"#, references: [money])
        let v2 = SchemaFingerprint.of(canonicalText: #"{"type":"object"}"#, references: [moneyV2])
        #expect(Set([plain, v1, v2]).count == 3)
        #expect(v1 == SchemaFingerprint.of(canonicalText: #"{"type":"object"}"#, references: [money]))
    }
}
