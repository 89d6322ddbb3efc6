import AccordCompatibility
import AccordJSON

/// Why a registry operation was refused, with Confluent Schema Registry's error code.
public enum RegistryError: Error, Sendable, CustomStringConvertible {
    case subjectNotFound(String)
    case versionNotFound(String)
    case schemaNotFound(id: Int64?)
    case subjectSoftDeleted(String)
    case subjectNotSoftDeleted(String)
    case versionSoftDeleted(subject: String, version: Int)
    case versionNotSoftDeleted(subject: String, version: Int)
    case subjectConfigNotFound(String)
    case subjectModeNotFound(String)
    /// A compatibility refusal: the message, its detail items and the witness event, if any.
    case incompatible(message: String, details: [String], witness: Witness?)
    case invalidSchema(String)
    case invalidVersion(String)
    case invalidCompatibilityLevel
    case invalidMode
    case operationNotPermitted(String)
    case referenceExists(String)
    case invalidSubject(String)
    case store(String)

    /// Confluent's `error_code`.
    public var errorCode: Int {
        switch self {
        case .subjectNotFound: 40401
        case .versionNotFound: 40402
        case .schemaNotFound: 40403
        case .subjectSoftDeleted: 40404
        case .subjectNotSoftDeleted: 40405
        case .versionSoftDeleted: 40406
        case .versionNotSoftDeleted: 40407
        case .subjectConfigNotFound: 40408
        case .subjectModeNotFound: 40409
        case .incompatible: 409
        case .invalidSchema: 42201
        case .invalidVersion: 42202
        case .invalidCompatibilityLevel: 42203
        case .invalidMode: 42204
        case .operationNotPermitted: 42205
        case .referenceExists: 42206
        case .invalidSubject: 42208
        case .store: 50001
        }
    }

    /// The HTTP status that carries `errorCode`.
    public var httpStatus: Int {
        errorCode < 1000 ? errorCode : errorCode / 100
    }

    /// Confluent's message text.
    public var message: String {
        switch self {
        case .subjectNotFound(let s): "Subject '\(s)' not found."
        case .versionNotFound(let v): "Version \(v) not found."
        case .schemaNotFound(let id): id.map { "Schema \($0) not found" } ?? "Schema not found"
        case .subjectSoftDeleted(let s): "Subject '\(s)' was soft deleted.Set permanent=true to delete permanently"
        case .subjectNotSoftDeleted(let s): "Subject '\(s)' was not deleted first before being permanently deleted"
        case .versionSoftDeleted(let s, let v): "Subject '\(s)' Version \(v) was soft deleted.Set permanent=true to delete permanently"
        case .versionNotSoftDeleted(let s, let v): "Subject '\(s)' Version \(v) was not deleted first before being permanently deleted"
        case .subjectConfigNotFound(let s): "Subject '\(s)' does not have subject-level compatibility configured"
        case .subjectModeNotFound(let s): "Subject '\(s)' does not have subject-level mode configured"
        case .incompatible(let message, _, _): message
        case .invalidSchema(let m): m
        case .invalidVersion(let v): "The specified version '\(v)' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""
        case .invalidCompatibilityLevel:
            "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive"
        case .invalidMode: "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."
        case .operationNotPermitted(let m): m
        case .referenceExists(let m): "One or more references exist to the schema \(m)."
        case .invalidSubject(let s): "The specified subject '\(s)' is not a valid."
        case .store(let m): "Error in the backend data store - \(m)"
        }
    }

    public var description: String { "\(errorCode): \(message)" }
}
