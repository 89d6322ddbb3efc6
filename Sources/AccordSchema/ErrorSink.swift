import AccordJSON

/// Where validation results go. ``FlagSink`` records nothing and lets validation stop at the
/// first failure; ``BasicSink`` records every failure with its locations. The evaluator is generic
/// over its sink, so the flag path is compiled without any error bookkeeping.
protocol ErrorSink {
    /// Whether failures are recorded (and validation continues after the first).
    static var collects: Bool { get }
    mutating func pushKeyword(_ keyword: StaticString)
    mutating func pushKeyword(_ keyword: StaticString, _ name: String)
    mutating func pushKeyword(_ keyword: StaticString, index: Int)
    mutating func pushKeyword(_ keyword: String)
    mutating func popKeyword()
    mutating func pushMember(_ keyNode: Int)
    mutating func pushIndex(_ index: Int)
    mutating func popInstance()
    mutating func fail(_ node: SchemaNode, _ keyword: String, _ message: (TapeReader) -> String)
}

struct FlagSink: ErrorSink {
    static var collects: Bool { false }
    @inline(__always) mutating func pushKeyword(_ keyword: StaticString) {}
    @inline(__always) mutating func pushKeyword(_ keyword: StaticString, _ name: String) {}
    @inline(__always) mutating func pushKeyword(_ keyword: StaticString, index: Int) {}
    @inline(__always) mutating func pushKeyword(_ keyword: String) {}
    @inline(__always) mutating func popKeyword() {}
    @inline(__always) mutating func pushMember(_ keyNode: Int) {}
    @inline(__always) mutating func pushIndex(_ index: Int) {}
    @inline(__always) mutating func popInstance() {}
    @inline(__always) mutating func fail(_ node: SchemaNode, _ keyword: String, _ message: (TapeReader) -> String) {}
}

struct BasicSink: ErrorSink {
    static var collects: Bool { true }
    let reader: TapeReader
    var keywordPath: [String] = []
    var instancePath: [String] = []
    var errors: [ValidationError] = []

    init(reader: TapeReader) { self.reader = reader }

    /// keywordPath lengths before each push, so a pop undoes a one- or two-token push.
    var marks: [Int] = []

    mutating func pushKeyword(_ keyword: StaticString) {
        marks.append(keywordPath.count)
        keywordPath.append("\(keyword)")
    }
    mutating func pushKeyword(_ keyword: StaticString, _ name: String) {
        marks.append(keywordPath.count)
        keywordPath.append("\(keyword)")
        keywordPath.append(name)
    }
    mutating func pushKeyword(_ keyword: StaticString, index: Int) {
        marks.append(keywordPath.count)
        keywordPath.append("\(keyword)")
        keywordPath.append(String(index))
    }
    mutating func pushKeyword(_ keyword: String) {
        marks.append(keywordPath.count)
        keywordPath.append(keyword)
    }
    mutating func popKeyword() {
        keywordPath.removeLast(keywordPath.count - marks.removeLast())
    }
    mutating func pushMember(_ keyNode: Int) { instancePath.append(reader.stringValue(keyNode)) }
    mutating func pushIndex(_ index: Int) { instancePath.append(String(index)) }
    mutating func popInstance() { instancePath.removeLast() }

    mutating func fail(_ node: SchemaNode, _ keyword: String, _ message: (TapeReader) -> String) {
        let path = JSONPointer(tokens: keywordPath + [keyword])
        let absolute = keyword.isEmpty ? node.absoluteLocation : Self.join(node.absoluteLocation, keyword)
        errors.append(ValidationError(instanceLocation: JSONPointer(tokens: instancePath),
                                      keywordLocation: keyword.isEmpty ? JSONPointer(tokens: keywordPath).description : path.description,
                                      absoluteKeywordLocation: absolute, message: message(reader)))
    }

    static func join(_ absolute: String, _ keyword: String) -> String {
        let escaped = JSONPointer.escape(keyword)
        if absolute.hasSuffix("#") { return absolute + "/" + escaped }
        return absolute + "/" + escaped
    }
}
