package io.raftdeck.launcher.client;

import com.google.protobuf.ByteString;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.CasRequest;
import io.raftdeck.proto.v1.CasResponse;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftdeck cas KEY EXPECTED NEW [--absent]}. */
@Command(name = "cas",
        mixinStandardHelpOptions = true,
        header = "Compare-and-set: store a value only if the key holds the expected one.",
        description = {
            "Stores NEW (as UTF-8) under KEY only if KEY currently holds EXPECTED, or, with",
            "--absent, only if KEY does not exist (EXPECTED is then ignored; pass '').",
            "Prints 'OK swapped=true index=N term=T' when it stored NEW, and",
            "'OK swapped=false current=V' (or 'current=(absent)') when it did not.",
        })
public final class CasCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key.",
            converter = KeyConverter.class)
    private String key;

    @Parameters(index = "1", paramLabel = "EXPECTED",
            description = "The value KEY must hold for the swap.")
    private String expected;

    @Parameters(index = "2", paramLabel = "NEW", description = "The value to store.")
    private String value;

    @Option(names = "--absent", description = "Swap only if KEY does not exist.")
    private boolean absent;

    @Override
    public Integer call() {
        CasRequest request = CasRequest.newBuilder().setKey(key)
                .setExpected(absent ? ByteString.EMPTY : ByteString.copyFromUtf8(expected))
                .setExpectAbsent(absent).setValue(ByteString.copyFromUtf8(value))
                .setSession(WriteResults.freshSession()).build();
        try (ClusterClient cluster = client.connect(spec)) {
            CasResponse response = cluster.write("cas", (channel, deadline) ->
                    ClientServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                            .cas(request));
            spec.commandLine().getOut().println(describe(response));
        }
        return ExitCodes.OK;
    }

    static String describe(CasResponse response) {
        if (response.getSwapped()) {
            return "OK swapped=true index=" + response.getIndex() + " term="
                    + response.getTerm();
        }
        String current = response.getFound() ? response.getCurrent().toStringUtf8()
                : "(absent)";
        return "OK swapped=false current=" + current;
    }
}
