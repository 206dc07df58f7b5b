package io.raftdeck.launcher.client;

import com.google.protobuf.ByteString;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftdeck put KEY VALUE}. */
@Command(name = "put",
        mixinStandardHelpOptions = true,
        header = "Store a value under a key.",
        description = {
            "Stores VALUE (as UTF-8) under KEY in the replicated key/value store.",
            "Prints 'OK index=N term=T' once the write is committed at log index N.",
        })
public final class PutCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key.",
            converter = KeyConverter.class)
    private String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value.")
    private String value;

    @Override
    public Integer call() {
        PutRequest request = PutRequest.newBuilder().setKey(key)
                .setValue(ByteString.copyFromUtf8(value))
                .setSession(WriteResults.freshSession()).build();
        try (ClusterClient cluster = client.connect(spec)) {
            WriteResponse response = cluster.write("put", (channel, deadline) ->
                    ClientServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                            .put(request));
            spec.commandLine().getOut().println(WriteResults.ok(response));
        }
        return ExitCodes.OK;
    }
}
