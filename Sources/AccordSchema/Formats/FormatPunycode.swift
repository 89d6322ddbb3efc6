/// RFC 3492 Punycode, decoding into and encoding from a caller-provided scalar buffer (no allocation).
enum FormatPunycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN = 128, maxInt = Int(Int32.max)

    @inline(__always)
    private static func adapt(_ delta: Int, _ numPoints: Int, _ first: Bool) -> Int {
        var d = first ? delta / damp : delta / 2
        d += d / numPoints
        var k = 0
        while d > ((base - tMin) * tMax) / 2 {
            d /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * d / (d + skew)
    }

    @inline(__always)
    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    @inline(__always)
    private static func digitValue(_ c: UInt8) -> Int {
        if c &- 0x30 < 10 { return Int(c &- 0x30) + 26 }
        let l = c | 0x20
        if l &- 0x61 < 26 { return Int(l &- 0x61) }
        return -1
    }

    @inline(__always)
    private static func digitChar(_ d: Int) -> UInt8 {
        d < 26 ? UInt8(0x61 + d) : UInt8(0x30 + d - 26)
    }

    /// Decodes the Punycode in p[s ..< e] (after the `xn--` prefix) into out[at...].
    /// Returns the number of scalars written, or -1 when the input is not valid Punycode.
    /// The output never needs more than `e - s` slots.
    static func decode(
        _ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int,
        into out: UnsafeMutableBufferPointer<UInt32>, at o: Int
    ) -> Int {
        var delimiter = -1
        var k = e - 1
        while k >= s {
            if p[k] == 0x2D { delimiter = k; break }
            k -= 1
        }
        var count = 0
        var pos = s
        if delimiter >= s {
            for q in s ..< delimiter {
                let c = p[q]
                guard c < 0x80 else { return -1 }
                out[o + count] = UInt32(c)
                count += 1
            }
            pos = delimiter + 1
        }
        var n = initialN, i = 0, bias = initialBias
        while pos < e {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard pos < e else { return -1 }
                let digit = digitValue(p[pos])
                pos += 1
                guard digit >= 0, digit <= (maxInt - i) / w else { return -1 }
                i += digit * w
                let t = threshold(k, bias)
                if digit < t { break }
                guard w <= maxInt / (base - t) else { return -1 }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldI, count + 1, oldI == 0)
            guard i / (count + 1) <= maxInt - n else { return -1 }
            n += i / (count + 1)
            i %= count + 1
            guard n >= 0x80, n <= 0x10FFFF, !(n >= 0xD800 && n <= 0xDFFF) else { return -1 }
            guard o + count < out.count else { return -1 }
            var m = o + count
            while m > o + i {
                out[m] = out[m - 1]
                m -= 1
            }
            out[o + i] = UInt32(n)
            count += 1
            i += 1
        }
        return count
    }

    /// Encodes the scalars in u[s ..< e], handing each output byte to `emit`;
    /// stops and returns false as soon as `emit` returns false.
    static func encode(
        _ u: UnsafeMutableBufferPointer<UInt32>, _ s: Int, _ e: Int, _ emit: (UInt8) -> Bool
    ) -> Bool {
        var basic = 0
        for q in s ..< e where u[q] < 0x80 {
            guard emit(UInt8(u[q])) else { return false }
            basic += 1
        }
        if basic > 0 { guard emit(0x2D) else { return false } }
        var n = initialN, delta = 0, bias = initialBias
        var h = basic
        let total = e - s
        while h < total {
            var m = Int.max
            for q in s ..< e where Int(u[q]) >= n && Int(u[q]) < m { m = Int(u[q]) }
            delta += (m - n) * (h + 1)
            n = m
            for q in s ..< e {
                let c = Int(u[q])
                if c < n { delta += 1 }
                if c == n {
                    var qv = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if qv < t { break }
                        guard emit(digitChar(t + (qv - t) % (base - t))) else { return false }
                        qv = (qv - t) / (base - t)
                        k += base
                    }
                    guard emit(digitChar(qv)) else { return false }
                    bias = adapt(delta, h + 1, h == basic)
                    delta = 0
                    h += 1
                }
            }
            delta += 1
            n += 1
        }
        return true
    }
}
