import CJansson

/// Parses JSON text with jansson, into a ``JSONValue`` or straight into a ``JSONTape``.
///
/// Strict RFC 8259: duplicate member names are an error, as are invalid UTF-8 and trailing text.
/// Errors are located (line, column, byte offset, and the file when given).
public struct JSONParser: Sendable {
    public var options: JSONParseOptions

    public init(options: JSONParseOptions = .default) {
        self.options = options
    }

    /// Parses one JSON document.
    public func parse(_ bytes: UnsafeRawBufferPointer, file: String? = nil) throws(JSONParseError) -> JSONValue {
        let document = try JanssonDocument(parsing: bytes, options: options, file: file)
        var converter = ValueConverter(maxDepth: options.maxDepth)
        guard let value = converter.convert(document.root, depth: 1) else {
            throw DepthLocator.error(in: bytes, limit: options.maxDepth, file: file)
        }
        return value
    }

    public func parse(_ text: String, file: String? = nil) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), file: file) }
        }.get()
    }

    public func parse(_ bytes: [UInt8], file: String? = nil) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, file: file) }
        }.get()
    }

    /// Reads and parses a file.
    public func parseFile(atPath path: String) throws(JSONParseError) -> JSONValue {
        let bytes = try FileReader.readAll(path: path, limit: options.maxDocumentBytes)
        return try parse(bytes, file: path)
    }

    /// Reads a file and appends its document to `tape`.
    public func parseFile(atPath path: String, into tape: inout JSONTape) throws(JSONParseError) {
        let bytes = try FileReader.readAll(path: path, limit: options.maxDocumentBytes)
        let result: Result<Void, JSONParseError> = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try parse(raw, into: &tape, file: path) }
        }
        try result.get()
    }

    /// Parses one document and appends it to `tape` (which the caller usually empties first).
    public func parse(_ bytes: UnsafeRawBufferPointer, into tape: inout JSONTape, file: String? = nil) throws(JSONParseError) {
        let document = try JanssonDocument(parsing: bytes, options: options, file: file)
        let builder = TapeBuilder(maxDepth: options.maxDepth)
        if !builder.append(document.root, to: &tape, depth: 1) {
            throw DepthLocator.error(in: bytes, limit: options.maxDepth, file: file)
        }
    }
}

/// jansson tree → ``JSONValue``. Returns nil when the depth limit is passed.
private struct ValueConverter {
    let maxDepth: Int

    mutating func convert(_ json: UnsafeMutablePointer<json_t>, depth: Int) -> JSONValue? {
        switch json.pointee.type {
        case JSON_NULL: return .null
        case JSON_TRUE: return .bool(true)
        case JSON_FALSE: return .bool(false)
        case JSON_INTEGER: return .integer(Int64(json_integer_value(json)))
        case JSON_REAL: return .number(json_real_value(json))
        case JSON_STRING:
            let buffer = UnsafeRawBufferPointer(start: json_string_value(json), count: json_string_length(json))
            return .string(String(decoding: buffer, as: UTF8.self))
        case JSON_ARRAY:
            guard depth <= maxDepth else { return nil }
            let n = json_array_size(json)
            var items: [JSONValue] = []
            items.reserveCapacity(n)
            for i in 0..<n {
                guard let item = convert(json_array_get(json, i), depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .array(items)
        default:
            guard depth <= maxDepth else { return nil }
            var object = JSONObject()
            var iter = json_object_iter(json)
            while let it = iter {
                let key = UnsafeRawBufferPointer(start: json_object_iter_key(it), count: json_object_iter_key_len(it))
                guard let member = convert(json_object_iter_value(it), depth: depth + 1) else { return nil }
                object[String(decoding: key, as: UTF8.self)] = member
                iter = json_object_iter_next(json, it)
            }
            return .object(object)
        }
    }
}

/// jansson tree → ``JSONTape``. Returns false when the depth limit is passed.
struct TapeBuilder {
    let maxDepth: Int

    func append(_ json: UnsafeMutablePointer<json_t>, to tape: inout JSONTape, depth: Int) -> Bool {
        switch json.pointee.type {
        case JSON_NULL: tape.appendScalar(.null)
        case JSON_TRUE: tape.appendScalar(.true)
        case JSON_FALSE: tape.appendScalar(.false)
        case JSON_INTEGER: tape.appendScalar(.integer, payload: UInt64(bitPattern: Int64(json_integer_value(json))))
        case JSON_REAL: tape.appendScalar(.double, payload: json_real_value(json).bitPattern)
        case JSON_STRING: tape.appendString(json_string_value(json), count: json_string_length(json))
        case JSON_ARRAY:
            guard depth <= maxDepth else { return false }
            let index = tape.openContainer(.array)
            let n = json_array_size(json)
            for i in 0..<n where !append(json_array_get(json, i), to: &tape, depth: depth + 1) { return false }
            tape.closeContainer(index, count: n)
        default:
            guard depth <= maxDepth else { return false }
            let index = tape.openContainer(.object)
            var count = 0
            var iter = json_object_iter(json)
            while let it = iter {
                tape.appendString(json_object_iter_key(it), count: json_object_iter_key_len(it))
                if !append(json_object_iter_value(it), to: &tape, depth: depth + 1) { return false }
                count += 1
                iter = json_object_iter_next(json, it)
            }
            tape.closeContainer(index, count: count)
        }
        return true
    }
}
