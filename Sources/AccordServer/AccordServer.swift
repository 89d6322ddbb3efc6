/// AccordServer: the Confluent-compatible HTTP API over AccordRegistry. (Being built: issue 5.)
public enum AccordServerModule {}
