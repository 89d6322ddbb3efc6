// The simdjson side of AccordJSON's bulk parser: parse with simdjson's DOM, then write the document
// straight into JSONTape's layout. Anything simdjson would represent differently from jansson is
// reported as a status so that the caller re-parses that document with jansson.
#include "CSimdjsonBridge.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>
#include <vector>

namespace {

enum Tag : uint64_t { Null = 0, False, True, Integer, Double, String, Array, Object };

/// A grow-only buffer of trivially copyable elements, never zero-filled.
template <typename T> struct Buffer {
    T *data = nullptr;
    size_t size = 0;
    size_t capacity = 0;

    ~Buffer() { std::free(data); }

    bool reserve(size_t wanted) {
        if (wanted <= capacity) return true;
        size_t next = std::max(wanted, capacity * 2);
        T *grown = static_cast<T *>(std::realloc(data, next * sizeof(T)));
        if (!grown) return false;
        data = grown;
        capacity = next;
        return true;
    }
};

struct Writer {
    Buffer<uint64_t> &words;
    Buffer<uint8_t> &bytes;
    std::vector<std::pair<uint64_t, size_t>> &hashes;
    size_t maxDepth;

    // Capacity is reserved up front for the worst case (one node per input byte), so appends
    // need no checks.
    inline size_t node() const { return words.size / 2; }

    inline void scalar(uint64_t tag, uint64_t payload) {
        words.data[words.size++] = tag;
        words.data[words.size++] = payload;
    }

    inline void string(std::string_view s) {
        words.data[words.size++] = String | (uint64_t(s.size()) << 8);
        words.data[words.size++] = bytes.size;
        std::memcpy(bytes.data + bytes.size, s.data(), s.size());
        bytes.size += s.size();
    }

    inline std::string_view keyAt(size_t node) const {
        uint64_t head = words.data[2 * node];
        return std::string_view(reinterpret_cast<const char *>(bytes.data + words.data[2 * node + 1]), size_t(head >> 8));
    }

    inline size_t after(size_t node) const {
        uint64_t tag = words.data[2 * node] & 0xff;
        return tag >= Array ? size_t(words.data[2 * node + 1]) : node + 1;
    }

    static inline uint64_t hash(std::string_view s) {
        uint64_t h = 1469598103934665603ull;
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        return h ^ s.size();
    }

    /// True when two members of the object at `object` (with `count` members) share a name.
    bool hasDuplicate(size_t object, size_t count) {
        if (count < 2) return false;
        if (count <= 16) {
            std::string_view keys[16];
            size_t child = object + 1;
            for (size_t i = 0; i < count; i++) {
                keys[i] = keyAt(child);
                child = after(child + 1);
            }
            for (size_t i = 1; i < count; i++)
                for (size_t j = 0; j < i; j++)
                    if (keys[i].size() == keys[j].size() && std::memcmp(keys[i].data(), keys[j].data(), keys[i].size()) == 0)
                        return true;
            return false;
        }
        hashes.clear();
        size_t child = object + 1;
        for (size_t i = 0; i < count; i++) {
            hashes.emplace_back(hash(keyAt(child)), child);
            child = after(child + 1);
        }
        std::sort(hashes.begin(), hashes.end());
        for (size_t i = 1; i < hashes.size(); i++)
            if (hashes[i].first == hashes[i - 1].first && keyAt(hashes[i].second) == keyAt(hashes[i - 1].second)) return true;
        return false;
    }

    accord_simd_status write(simdjson::dom::element element, size_t depth) {
        using simdjson::dom::element_type;
        switch (element.type()) {
        case element_type::NULL_VALUE: scalar(Null, 0); return ACCORD_SIMD_OK;
        case element_type::BOOL: scalar(element.get_bool().value_unsafe() ? True : False, 0); return ACCORD_SIMD_OK;
        case element_type::INT64: scalar(Integer, uint64_t(element.get_int64().value_unsafe())); return ACCORD_SIMD_OK;
        case element_type::UINT64: return ACCORD_SIMD_BIG_INTEGER;  // only produced above INT64_MAX
        case element_type::DOUBLE: {
            double d = element.get_double().value_unsafe();
            uint64_t bits;
            std::memcpy(&bits, &d, sizeof bits);
            if (bits == 0x8000000000000000ull) return ACCORD_SIMD_NEGATIVE_ZERO;
            scalar(Double, bits);
            return ACCORD_SIMD_OK;
        }
        case element_type::STRING: string(element.get_string().value_unsafe()); return ACCORD_SIMD_OK;
        case element_type::ARRAY: {
            if (depth > maxDepth) return ACCORD_SIMD_TOO_DEEP;
            size_t index = node();
            scalar(Array, 0);
            uint64_t count = 0;
            for (simdjson::dom::element child : element.get_array().value_unsafe()) {
                if (auto status = write(child, depth + 1)) return status;
                count++;
            }
            words.data[2 * index] |= count << 8;
            words.data[2 * index + 1] = node();
            return ACCORD_SIMD_OK;
        }
        case element_type::OBJECT: {
            if (depth > maxDepth) return ACCORD_SIMD_TOO_DEEP;
            size_t index = node();
            scalar(Object, 0);
            uint64_t count = 0;
            for (simdjson::dom::key_value_pair member : element.get_object().value_unsafe()) {
                if (std::memchr(member.key.data(), 0, member.key.size())) return ACCORD_SIMD_NUL_IN_KEY;
                string(member.key);
                if (auto status = write(member.value, depth + 1)) return status;
                count++;
            }
            words.data[2 * index] |= count << 8;
            words.data[2 * index + 1] = node();
            if (hasDuplicate(index, count)) return ACCORD_SIMD_DUPLICATE_KEY;
            return ACCORD_SIMD_OK;
        }
        }
        return ACCORD_SIMD_PARSE_ERROR;
    }
};

}  // namespace

struct accord_simd_parser {
    simdjson::dom::parser parser;
    Buffer<uint64_t> words;
    Buffer<uint8_t> bytes;
    std::vector<std::pair<uint64_t, size_t>> hashes;
};

extern "C" {

accord_simd_parser *accord_simd_parser_create(void) { return new (std::nothrow) accord_simd_parser(); }

void accord_simd_parser_destroy(accord_simd_parser *parser) { delete parser; }

accord_simd_status accord_simd_parse(accord_simd_parser *parser, const uint8_t *bytes, size_t length, size_t readable,
                                     size_t max_depth) {
    parser->words.size = 0;
    parser->bytes.size = 0;
    bool inPlace = readable >= length + simdjson::SIMDJSON_PADDING;
    simdjson::dom::element root;
    auto error = parser->parser.parse(bytes, length, !inPlace).get(root);
    if (error == simdjson::MEMALLOC) return ACCORD_SIMD_NO_MEMORY;
    if (error) return ACCORD_SIMD_PARSE_ERROR;
    // Every node takes at least one byte of text; strings never grow when unescaped.
    if (!parser->words.reserve(2 * (length + 1)) || !parser->bytes.reserve(length + 1)) return ACCORD_SIMD_NO_MEMORY;
    try {
        Writer writer{parser->words, parser->bytes, parser->hashes, max_depth};
        accord_simd_status status = writer.write(root, 1);
        if (status != ACCORD_SIMD_OK) {
            parser->words.size = 0;
            parser->bytes.size = 0;
        }
        return status;
    } catch (const std::bad_alloc &) {
        return ACCORD_SIMD_NO_MEMORY;
    }
}

const uint64_t *accord_simd_words(const accord_simd_parser *parser, size_t *word_count) {
    *word_count = parser->words.size;
    return parser->words.data;
}

const uint8_t *accord_simd_bytes(const accord_simd_parser *parser, size_t *byte_count) {
    *byte_count = parser->bytes.size;
    return parser->bytes.data;
}

size_t accord_simd_padding(void) { return simdjson::SIMDJSON_PADDING; }

const char *accord_simd_implementation(void) {
    return simdjson::get_active_implementation()->name().c_str();
}

}
