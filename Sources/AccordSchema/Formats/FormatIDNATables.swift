/// Unicode property approximations used by IDNA2008 (RFC 5892 derivation, RFC 5893 Bidi,
/// Joining_Type for CONTEXTJ, scripts for CONTEXTO). Built on the stdlib's Unicode.Scalar.Properties.
enum FormatIDNAProperty {
    case pvalid, contextJ, contextO, disallowed
}

enum FormatBidiClass {
    case l, r, al, en, an, es, cs, et, on, bn, nsm
}

enum FormatJoiningType {
    case u, t, d, r, l
}

enum FormatIDNATables {
    /// RFC 5892 §3 derivation for a non-ASCII code point.
    static func property(_ cp: UInt32) -> FormatIDNAProperty {
        switch cp {
        // §2.6 Exceptions (F).
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .pvalid
        case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x0660 ... 0x0669, 0x06F0 ... 0x06F9, 0x30FB: return .contextO
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031 ... 0x3035, 0x303B: return .disallowed
        // JoinControl (K).
        case 0x200C, 0x200D: return .contextJ
        // IgnorableBlocks (D).
        case 0x20D0 ... 0x20FF, 0x1D100 ... 0x1D24F: return .disallowed
        // OldHangulJamo (I).
        case 0x1100 ... 0x11FF, 0xA960 ... 0xA97F, 0xD7B0 ... 0xD7FF: return .disallowed
        default: break
        }
        guard let scalar = Unicode.Scalar(cp) else { return .disallowed }
        let props = scalar.properties
        let gc = props.generalCategory
        // Unassigned (J), Unstable (B), IgnorableProperties (C).
        if gc == .unassigned || props.changesWhenNFKCCaseFolded || props.isDefaultIgnorableCodePoint
            || props.isWhitespace || props.isNoncharacterCodePoint
        {
            return .disallowed
        }
        // LetterDigits (A).
        switch gc {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter,
            .nonspacingMark, .spacingMark:
            return .pvalid
        default:
            return .disallowed
        }
    }

    @inline(__always)
    static func isMark(_ cp: UInt32) -> Bool {
        guard cp >= 0x300, let s = Unicode.Scalar(cp) else { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    @inline(__always)
    static func isVirama(_ cp: UInt32) -> Bool {
        guard cp >= 0x300, let s = Unicode.Scalar(cp) else { return false }
        return s.properties.canonicalCombiningClass == .virama
    }

    static func isGreek(_ cp: UInt32) -> Bool {
        switch cp {
        case 0x0370 ... 0x0373, 0x0376 ... 0x0377, 0x037A ... 0x037D, 0x037F, 0x0384, 0x0386,
            0x0388 ... 0x03E1, 0x03F0 ... 0x03FF, 0x1D26 ... 0x1D2A, 0x1F00 ... 0x1FFE, 0x2126,
            0xAB65, 0x10140 ... 0x1018E, 0x101A0:
            return true
        default: return false
        }
    }

    static func isHebrew(_ cp: UInt32) -> Bool {
        switch cp {
        case 0x0591 ... 0x05C7, 0x05D0 ... 0x05EA, 0x05EF ... 0x05F4, 0xFB1D ... 0xFB4F: return true
        default: return false
        }
    }

    /// Hiragana, Katakana (other than U+30FB itself) or Han.
    static func isKanaOrHan(_ cp: UInt32) -> Bool {
        switch cp {
        case 0x3041 ... 0x309F, 0x30A0 ... 0x30FA, 0x30FC ... 0x30FF, 0x31F0 ... 0x31FF, 0x32D0 ... 0x32FE,
            0x3300 ... 0x3357, 0xFF66 ... 0xFF9D, 0x1B000 ... 0x1B16F,
            0x2E80 ... 0x2FD5, 0x3005, 0x3007, 0x3021 ... 0x3029, 0x3038 ... 0x303B,
            0x3400 ... 0x4DBF, 0x4E00 ... 0x9FFF, 0xF900 ... 0xFAFF, 0x20000 ... 0x3FFFF:
            return true
        default: return false
        }
    }

    /// Approximate Bidi_Class (RFC 5893 needs only the coarse classes).
    static func bidiClass(_ cp: UInt32) -> FormatBidiClass {
        if cp < 0x80 {
            switch cp {
            case 0x30 ... 0x39: return .en
            case 0x41 ... 0x5A, 0x61 ... 0x7A: return .l
            case 0x2B, 0x2D: return .es
            case 0x2C, 0x2E, 0x2F, 0x3A: return .cs
            case 0x23 ... 0x25: return .et
            default: return .on
            }
        }
        switch cp {
        case 0x200C, 0x200D: return .bn
        case 0x0600 ... 0x0605, 0x0660 ... 0x0669, 0x066B, 0x066C, 0x06DD, 0x0890, 0x0891, 0x08E2,
            0x10D30 ... 0x10D39, 0x10E60 ... 0x10E7E:
            return .an
        case 0x06F0 ... 0x06F9, 0x00B2, 0x00B3, 0x00B9, 0x2070 ... 0x2079, 0x2080 ... 0x2089,
            0xFF10 ... 0xFF19, 0x1D7CE ... 0x1D7FF:
            return .en
        default: break
        }
        guard let s = Unicode.Scalar(cp) else { return .on }
        let gc = s.properties.generalCategory
        switch gc {
        case .nonspacingMark, .enclosingMark: return .nsm
        case .format: return .bn
        default: break
        }
        switch cp {
        case 0x0600 ... 0x07BF, 0x0860 ... 0x08FF, 0xFB50 ... 0xFDFF, 0xFE70 ... 0xFEFF,
            0x10D00 ... 0x10D3F, 0x10F30 ... 0x10F6F, 0x1EC70 ... 0x1ECBF, 0x1ED00 ... 0x1ED4F,
            0x1EE00 ... 0x1EEFF:
            return .al
        case 0x0590 ... 0x05FF, 0x07C0 ... 0x085F, 0xFB1D ... 0xFB4F, 0x10800 ... 0x10FFF, 0x1E800 ... 0x1EFFF:
            return .r
        default: break
        }
        switch gc {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .spacingMark, .decimalNumber, .letterNumber, .otherNumber:
            return .l
        case .currencySymbol: return .et
        default: return .on
        }
    }

    /// Approximate Joining_Type for the CONTEXTJ rule of U+200C.
    static func joiningType(_ cp: UInt32) -> FormatJoiningType {
        switch cp {
        case 0x200C, 0x200D: return .u
        // Right-joining Arabic letters.
        case 0x0622 ... 0x0625, 0x0627, 0x0629, 0x062F ... 0x0632, 0x0648, 0x0671 ... 0x0673,
            0x0675 ... 0x0677, 0x0688 ... 0x0699, 0x06C0, 0x06C3 ... 0x06CB, 0x06CD, 0x06CF,
            0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF, 0x0759 ... 0x075B, 0x076B, 0x076C, 0x0771,
            0x0773, 0x0774, 0x0778, 0x0779,
            // Right-joining Syriac letters.
            0x0710, 0x0715 ... 0x0719, 0x071E, 0x0728, 0x072A, 0x072C, 0x072F, 0x074D:
            return .r
        // Dual-joining Arabic, Syriac, NKo, Mongolian, Phags-pa letters.
        case 0x0620, 0x0626, 0x0628, 0x062A ... 0x062E, 0x0633 ... 0x063F, 0x0640 ... 0x0647,
            0x0649, 0x064A, 0x066E, 0x066F, 0x0678 ... 0x0687, 0x069A ... 0x06BF, 0x06C1, 0x06C2,
            0x06CC, 0x06CE, 0x06D0, 0x06D1, 0x06FA ... 0x06FC, 0x06FF, 0x0750 ... 0x077F,
            0x08A0 ... 0x08C8, 0x0712 ... 0x072E, 0x074E ... 0x074F, 0x07CA ... 0x07EA,
            0x1820 ... 0x1878, 0x1887 ... 0x18A8, 0xA840 ... 0xA871:
            return .d
        case 0xA872: return .l
        default: break
        }
        guard let s = Unicode.Scalar(cp) else { return .u }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return .t
        default: return .u
        }
    }
}
