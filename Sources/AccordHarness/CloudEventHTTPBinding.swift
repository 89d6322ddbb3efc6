import AccordJSON
import Foundation
import NIOHTTP1

/// The CloudEvents HTTP protocol binding: binary-mode headers and emitted events in responses.
enum CloudEventHTTPBinding {
    /// Binary mode: attributes as `ce-` headers, `datacontenttype` as Content-Type, data as body.
    static func binary(_ event: CloudEvent) -> (headers: [(String, String)], body: [UInt8]) {
        var headers: [(String, String)] = []
        var contentType = "application/json"
        for (name, value) in event.json {
            switch name {
            case "data", "data_base64": continue
            case "datacontenttype": contentType = value.stringValue ?? contentType
            default:
                let text: String
                switch value {
                case .string(let s): text = s
                case .null: continue
                default: text = JSONWriter.compact(value)
                }
                headers.append(("ce-" + name, percentEncode(text)))
            }
        }
        var body: [UInt8] = []
        if let encoded = event.json["data_base64"]?.stringValue, let data = Data(base64Encoded: encoded) {
            body = Array(data)
        } else if let data = event.json["data"] {
            if case .string(let s) = data, !isJSON(contentType) { body = Array(s.utf8) } else { body = Array(JSONWriter.compact(data).utf8) }
        }
        if event.json["data"] != nil || event.json["data_base64"] != nil { headers.append(("Content-Type", contentType)) }
        return (headers, body)
    }

    static func isJSON(_ contentType: String) -> Bool {
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media == "application/json" || media == "text/json" || media.hasSuffix("+json")
    }

    /// Space, `"`, `%` and anything outside printable ASCII are percent-encoded (UTF-8).
    static func percentEncode(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            if byte > 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x25 {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func percentDecode(_ s: String) -> String { s.removingPercentEncoding ?? s }

    /// Events emitted in a 2xx response: none (empty body), a structured event, a batch (JSON
    /// array), or a binary-mode event (`ce-` headers).
    static func emitted(headers: HTTPHeaders, body: [UInt8]) -> Result<[CloudEvent], DeliveryFailure> {
        if headers.contains(name: "ce-specversion") {
            var object = JSONObject()
            for (name, value) in headers where name.lowercased().hasPrefix("ce-") {
                object[String(name.lowercased().dropFirst(3))] = .string(percentDecode(value))
            }
            let contentType = headers.first(name: "content-type") ?? "application/json"
            if !body.isEmpty {
                object["datacontenttype"] = .string(contentType)
                if isJSON(contentType), let data = try? JSONParser().parse(body) {
                    object["data"] = data
                } else {
                    object["data_base64"] = .string(Data(body).base64EncodedString())
                }
            }
            return .success([CloudEvent(json: object)])
        }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .success([]) }
        let value: JSONValue
        do { value = try JSONParser().parse(body) } catch {
            return .failure(.protocolViolation("a 2xx response body must be empty, a CloudEvent or a JSON array of CloudEvents: \(error.reason)"))
        }
        if case .object(let o) = value, o["specversion"] == nil, let emitted = o["emitted"] {
            return NDJSONSession.emitted(emitted)
        }
        return NDJSONSession.emitted(value)
    }
}
