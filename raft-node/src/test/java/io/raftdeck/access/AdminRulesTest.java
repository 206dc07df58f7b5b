package io.raftdeck.access;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.MethodDescriptor;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import org.junit.jupiter.api.Test;

class AdminRulesTest {

    @Test
    void everyAdminMethodHasARule() {
        // Proves a new AdminService RPC cannot ship without someone deciding who may call it:
        // AdminAccess would refuse it, and this test names it first.
        for (MethodDescriptor<?, ?> method
                : AdminServiceGrpc.getServiceDescriptor().getMethods()) {
            assertTrue(AdminRules.of(method.getBareMethodName()).isPresent(),
                    method.getFullMethodName() + " has no row in AdminRules");
        }
    }
}
