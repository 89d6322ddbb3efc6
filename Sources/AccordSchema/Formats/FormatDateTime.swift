/// RFC 3339 §5.6 date/time formats and the Appendix A duration grammar.
enum FormatDateTime {
    /// Two ASCII digits at `i` as a number, or -1.
    @inline(__always)
    private static func two(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let a = p[i] &- 0x30, b = p[i + 1] &- 0x30
        if a > 9 || b > 9 { return -1 }
        return Int(a) * 10 + Int(b)
    }

    /// `full-date` in p[i ..< i+10]; the caller guarantees 10 bytes are present.
    @inline(__always)
    private static func fullDate(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let hi = two(p, i), lo = two(p, i + 2)
        guard hi >= 0, lo >= 0, p[i + 4] == 0x2D, p[i + 7] == 0x2D else { return false }
        let month = two(p, i + 5), day = two(p, i + 8)
        guard month >= 1, month <= 12, day >= 1 else { return false }
        let year = hi * 100 + lo
        let maxDay: Int
        switch month {
        case 2:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            maxDay = leap ? 29 : 28
        case 4, 6, 9, 11: maxDay = 30
        default: maxDay = 31
        }
        return day <= maxDay
    }

    /// `full-time` in p[i ..< end].
    @inline(__always)
    private static func fullTime(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        // HH:MM:SS plus at least one byte of offset.
        guard end - i >= 9 else { return false }
        let h = two(p, i), m = two(p, i + 3), s = two(p, i + 6)
        guard p[i + 2] == 0x3A, p[i + 5] == 0x3A, h >= 0, h <= 23, m >= 0, m <= 59, s >= 0, s <= 60 else {
            return false
        }
        i += 8
        if p[i] == 0x2E {  // time-secfrac
            i += 1
            let fracStart = i
            while i < end, FormatBytes.isDigit(p[i]) { i += 1 }
            if i == fracStart { return false }
        }
        guard i < end else { return false }
        var offsetMinutes = 0
        let c = p[i]
        if c == 0x5A || c == 0x7A {  // Z / z
            guard i + 1 == end else { return false }
        } else if c == 0x2B || c == 0x2D {  // + / -
            guard end - i == 6, p[i + 3] == 0x3A else { return false }
            let oh = two(p, i + 1), om = two(p, i + 4)
            guard oh >= 0, oh <= 23, om >= 0, om <= 59 else { return false }
            offsetMinutes = (oh * 60 + om) * (c == 0x2B ? 1 : -1)
        } else {
            return false
        }
        if s == 60 {
            // A leap second is only valid at 23:59:60 UTC.
            var utc = (h * 60 + m - offsetMinutes) % 1440
            if utc < 0 { utc += 1440 }
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func date(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        p.count == 10 && fullDate(p, 0)
    }

    static func time(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        fullTime(p, 0, p.count)
    }

    static func dateTime(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard p.count >= 20, fullDate(p, 0), p[10] | 0x20 == 0x74 else { return false }
        return fullTime(p, 11, p.count)
    }

    /// RFC 3339 Appendix A: `"P" (dur-date / dur-time / dur-week)`.
    static func duration(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        guard n >= 3, p[0] == 0x50 else { return false }
        var i = 1
        // Reads `1*DIGIT unit`; returns the unit byte or 0.
        @inline(__always) func component() -> UInt8 {
            let s = i
            while i < n, FormatBytes.isDigit(p[i]) { i += 1 }
            guard i > s, i < n else { return 0 }
            let u = p[i]
            i += 1
            return u
        }
        // Date part: a contiguous run of Y, M, D (or a lone W).
        var lastDate = -1  // index into "YMD"
        var sawDate = false
        while i < n, p[i] != 0x54 {
            let u = component()
            let idx: Int
            switch u {
            case 0x59: idx = 0
            case 0x4D: idx = 1
            case 0x44: idx = 2
            case 0x57:  // weeks stand alone
                return !sawDate && i == n
            default: return false
            }
            if sawDate && idx != lastDate + 1 { return false }
            lastDate = idx
            sawDate = true
        }
        if i == n { return sawDate }
        // Time part after "T": a contiguous run of H, M, S.
        i += 1
        var lastTime = -1
        var sawTime = false
        while i < n {
            let u = component()
            let idx: Int
            switch u {
            case 0x48: idx = 0
            case 0x4D: idx = 1
            case 0x53: idx = 2
            default: return false
            }
            if sawTime && idx != lastTime + 1 { return false }
            lastTime = idx
            sawTime = true
        }
        return sawTime
    }
}
