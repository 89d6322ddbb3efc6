/// AccordHarness: replays fixture events against a handler and checks its contract.
/// (Being built: issue 6.)
public enum AccordHarnessModule {}
