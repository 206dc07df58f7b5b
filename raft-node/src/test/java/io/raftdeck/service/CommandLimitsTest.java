package io.raftdeck.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.StampedCommand;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandLimitsTest {

    private static final byte[] TEXT = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void stampLookalikesAreInvalidArguments() {
        // Proves free text that is the bytes of either request stamp is refused, not logged.
        ClientRequestId request = new ClientRequestId(1, 1);
        for (StampedCommand stamped : new StampedCommand[] {
                StampedCommand.ofSession(request, TEXT),
                StampedCommand.ofReceivingNode(request, TEXT)}) {
            assertInvalid(() -> new CommandLimits(1024).freeText(stamped.encode()),
                    "request stamp");
        }
    }

    @Test
    void aKeyThatIsNotUtf8IsRefusedBeforeItIsDecoded() {
        // Proves the key is checked as bytes: decoded, 0xff would become U+FFFD and collide.
        ByteString key = ByteString.copyFrom(new byte[] {'k', (byte) 0xff});
        assertInvalid(() -> new CommandLimits(1024).operation(key, 0, () -> {
            throw new AssertionError("built an operation from an invalid key");
        }), "not valid UTF-8");
    }

    static void assertInvalid(Runnable call, String reason) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains(reason),
                refused.getStatus().getDescription());
    }
}
