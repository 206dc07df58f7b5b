package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.StartupException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code from {@link ExitCodes}. Users
 * never see a stack trace: set RAFTDECK_DEBUG=1 to get one when chasing a bug.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        String help = command.getCommandSpec().qualifiedName() + " --help";
        print(command.getErr(), failure.getMessage() + " (see '" + help + "')", failure);
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command,
            ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (failure instanceof CommandFailure commandFailure) {
            print(err, commandFailure.getMessage(), failure);
            return commandFailure.exitCode();
        }
        if (failure instanceof StartupException) {
            print(err, failure.getMessage(), failure);
            return ExitCodes.USAGE;
        }
        print(err, "internal error: " + failure, failure);
        return ExitCodes.INTERNAL;
    }

    private static void print(PrintWriter err, String message, Exception failure) {
        err.println("error: " + oneLine(message));
        if ("1".equals(System.getenv("RAFTDECK_DEBUG"))) {
            failure.printStackTrace(err);
        }
        err.flush();
    }

    /** Collapses a multi-line message (gRPC descriptions can carry newlines) into one line. */
    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
