/// `multipleOf`, decided on decimal values rather than binary floating point.
///
/// JSON numbers are decimal text; a double like 19.99 stands for the decimal 19.99 that was written,
/// whose shortest round-trip spelling Swift recovers exactly. Both the instance and the divisor are
/// read back as `significand × 10^exponent` (at most 17 significant digits) and divisibility is
/// decided with exact integer arithmetic, so `19.99` is a multiple of `0.01` and `0.3` of `0.1`,
/// while `1e308` stays a multiple of `0.5` without overflow.
struct MultipleOf {
    let value: Double
    let integer: Int64?
    let decimal: DecimalDigits

    package init?(_ value: Double) {
        guard value > 0, value.isFinite, let d = DecimalDigits(value) else { return nil }
        self.value = value
        self.decimal = d
        if value == value.rounded(), let i = Int64(exactly: value) { integer = i } else { integer = nil }
    }

    @inline(__always)
    func accepts(_ x: Int64) -> Bool {
        if let integer { return x % integer == 0 }
        return accepts(Double(x))
    }

    func accepts(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if x == 0 { return true }
        if let integer, x == x.rounded(), let i = Int64(exactly: x) { return i % integer == 0 }
        guard let d = DecimalDigits(x) else { return false }
        return DecimalDigits.isMultiple(d, of: decimal)
    }
}

/// A finite double as `significand × 10^exponent`, from its shortest round-trip spelling.
package struct DecimalDigits {
    var significand: UInt64
    var exponent: Int

    package init?(_ value: Double) {
        guard value.isFinite else { return nil }
        let text = "\(abs(value))"
        var digits: UInt64 = 0
        var exponent = 0
        var seenPoint = false
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let c = utf8[index]
            if c == UInt8(ascii: ".") {
                seenPoint = true
            } else if c >= 48 && c <= 57 {
                digits = digits * 10 + UInt64(c - 48)
                if seenPoint { exponent -= 1 }
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                guard let e = Int(String(text[text.index(after: index)...])) else { return nil }
                exponent += e
                break
            }
            index = utf8.index(after: index)
        }
        while digits != 0 && digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        self.significand = digits
        self.exponent = exponent
    }

    package static func isMultiple(_ x: DecimalDigits, of m: DecimalDigits) -> Bool {
        if x.significand == 0 { return true }
        if x.exponent >= m.exponent {
            var r = x.significand % m.significand
            var k = x.exponent - m.exponent
            while k > 0 && r != 0 {
                r = (r * 10) % m.significand
                k -= 1
            }
            return r == 0
        }
        var divisor = m.significand
        for _ in 0..<(m.exponent - x.exponent) {
            let (p, overflow) = divisor.multipliedReportingOverflow(by: 10)
            if overflow || p > x.significand { return false }
            divisor = p
        }
        return x.significand % divisor == 0
    }
}
