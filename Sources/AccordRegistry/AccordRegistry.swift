/// AccordRegistry: subjects, versions, global ids and configuration of a schema registry,
/// with SQLite and PostgreSQL storage. (Being built: issue 5.)
public enum AccordRegistryModule {}
