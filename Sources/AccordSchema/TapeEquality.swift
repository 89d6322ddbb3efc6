import AccordJSON

/// JSON equality on tape nodes (for `enum`, `const` and `uniqueItems`), without building values.
extension TapeReader {
    /// Whether the number at `i` equals `d` (integers compared exactly when possible).
    @inline(__always)
    func numberEquals(_ i: Int, _ value: JSONValue) -> Bool {
        switch (rawTag(i), value) {
        case (JSONTape.Tag.integer.rawValue, .integer(let b)): return integer(i) == b
        case (JSONTape.Tag.integer.rawValue, .number(let b)): return Double(integer(i)) == b && Int64(exactly: b) == integer(i)
        case (JSONTape.Tag.double.rawValue, .integer(let b)): return double(i) == Double(b) && Int64(exactly: double(i)) == b
        case (JSONTape.Tag.double.rawValue, .number(let b)): return double(i) == b
        default: return false
        }
    }

    func equals(_ i: Int, _ value: JSONValue) -> Bool {
        switch (tag(i), value) {
        case (.null, .null), (.true, .bool(true)), (.false, .bool(false)): return true
        case (.integer, _), (.double, _): return numberEquals(i, value)
        case (.string, .string(let s)):
            var s = s
            let bytes = string(i)
            return s.withUTF8 { $0.count == bytes.count && ($0.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0) }
        case (.array, .array(let items)):
            guard count(i) == items.count else { return false }
            var child = i + 1
            for item in items {
                if !equals(child, item) { return false }
                child = next(child)
            }
            return true
        case (.object, .object(let object)):
            guard count(i) == object.count else { return false }
            var child = i + 1
            for _ in 0..<count(i) {
                guard let member = object[stringValue(child)], equals(child + 1, member) else { return false }
                child = next(child + 1)
            }
            return true
        default: return false
        }
    }

    func equals(_ i: Int, _ j: Int) -> Bool {
        let a = rawTag(i), b = rawTag(j)
        let integer = JSONTape.Tag.integer.rawValue, double = JSONTape.Tag.double.rawValue
        if (a == integer || a == double) && (b == integer || b == double) {
            if a == integer && b == integer { return self.integer(i) == self.integer(j) }
            return numberAsDouble(i) == numberAsDouble(j)
        }
        guard a == b else { return false }
        switch tag(i) {
        case .null, .true, .false: return true
        case .string: return bytesEqual(string(i), string(j))
        case .array:
            guard count(i) == count(j) else { return false }
            var x = i + 1, y = j + 1
            for _ in 0..<count(i) {
                if !equals(x, y) { return false }
                x = next(x)
                y = next(y)
            }
            return true
        case .object:
            guard count(i) == count(j) else { return false }
            var x = i + 1
            for _ in 0..<count(i) {
                guard let y = member(j, named: string(x)), equals(x + 1, y) else { return false }
                x = next(x + 1)
            }
            return true
        default: return false
        }
    }

    /// The value node of the member named `name` in object `i`.
    func member(_ i: Int, named name: UnsafeBufferPointer<UInt8>) -> Int? {
        var child = i + 1
        for _ in 0..<count(i) {
            if bytesEqual(string(child), name) { return child + 1 }
            child = next(child + 1)
        }
        return nil
    }

    @inline(__always)
    func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
