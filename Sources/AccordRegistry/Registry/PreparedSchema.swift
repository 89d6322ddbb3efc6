import AccordJSON
import AccordSchema

/// The database-free work of a registration, done before its write transaction.
///
/// A schema without references needs nothing from the store to be parsed, fingerprinted and
/// compiled (meta-schema check included), so concurrent registrations do this in parallel and
/// the writer holds the database lock only for its reads and inserts. The outcomes (errors
/// included) are kept and used at the point of the transaction where they would otherwise be
/// computed, so the order of checks and errors is unchanged.
struct PreparedSchema: Sendable {
    /// The schema text as sent.
    let source: String
    /// Whether ``document`` was built normalized.
    let normalize: Bool
    let document: Result<SchemaDocument, RegistryError>
    /// Whether the schema compiles (only meaningful when ``document`` succeeded).
    let compiled: Result<Void, RegistryError>

    /// Prepares `request`, or returns nil when it has references (they are read in the transaction).
    init?(_ request: RegistrationRequest) {
        guard request.references.isEmpty else { return nil }
        source = request.schema
        normalize = request.normalize
        do throws(RegistryError) {
            let document = try SchemaDocument(text: request.schema, references: [], normalize: request.normalize)
            self.document = .success(document)
            compiled = Self.compile(document.value, options: ReferenceResolver.unreferencedOptions)
        } catch {
            document = .failure(error)
            compiled = .success(())
        }
    }

    /// The document for `normalize`, reusing the prepared one when it was built the same way.
    func document(normalize: Bool) throws(RegistryError) -> SchemaDocument {
        if normalize == self.normalize { return try document.get() }
        _ = try document.get()
        return try SchemaDocument(text: source, references: [], normalize: normalize)
    }

    /// Compiles `value` (checking it against its meta-schema); the registry's invalid-schema error if it fails.
    static func compile(_ value: JSONValue, options: SchemaOptions) -> Result<Void, RegistryError> {
        do {
            _ = try JSONSchema(compiling: value, options: options)
            return .success(())
        } catch {
            return .failure(.invalidSchema("Invalid schema of type JSON, details: \(error)"))
        }
    }
}
