package io.raftdeck.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.launcher.RaftdeckCommand;
import org.junit.jupiter.api.Test;

class ChildCommandLineTest {

    @Test
    void theChildRunsTheRaftdeckCommand() {
        // Proves the main class named by string (the library must not import the commands
        // above it) is the one the jar runs, so a rename cannot leave the children unstartable.
        assertEquals(RaftdeckCommand.class.getName(), ChildCommandLine.MAIN_CLASS);
    }
}
