package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard gRPC health and reflection services on a node's one port, over real gRPC:
 * what a load balancer, a Kubernetes gRPC probe or grpcurl asks a raftdeck node.
 */
class HealthAndReflectionIntegrationTest {

    private static final String WHOLE_SERVER = "";
    private static final String CLIENT_SERVICE = "raftdeck.v1.ClientService";
    private static final String ADMIN_SERVICE = "raftdeck.v1.AdminService";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataRoot;

    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodeIsServingOnceALeaderIsKnown() throws Exception {
        // Proves the health check says SERVING for the server and the client service on
        // every node, leader and followers, once they know a leader.
        cluster = TestCluster.start(3, dataRoot);
        cluster.awaitLeader();
        for (int id : cluster.ids()) {
            awaitHealth(id, WHOLE_SERVER, ServingStatus.SERVING);
            awaitHealth(id, CLIENT_SERVICE, ServingStatus.SERVING);
            assertEquals(ServingStatus.SERVING, health(id, ADMIN_SERVICE));
        }
        StatusRuntimeException unknown = assertThrows(
                StatusRuntimeException.class, () -> health(1, "no.such.Service"));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    }

    @Test
    void aNodeWithoutALeaderIsNotServingButStillAnswersStatus() throws Exception {
        // Proves a node cut off from the majority (here: the other two are down) turns
        // NOT_SERVING, since it can route no write, while its admin service, which answers
        // status in every state, stays SERVING.
        cluster = TestCluster.start(3, dataRoot);
        cluster.awaitLeader();
        int survivor = cluster.ids().get(0);
        awaitHealth(survivor, WHOLE_SERVER, ServingStatus.SERVING);
        for (int id : cluster.ids()) {
            if (id != survivor) {
                cluster.kill(id);
            }
        }
        awaitHealth(survivor, WHOLE_SERVER, ServingStatus.NOT_SERVING);
        assertEquals(ServingStatus.NOT_SERVING, health(survivor, CLIENT_SERVICE));
        assertEquals(ServingStatus.SERVING, health(survivor, ADMIN_SERVICE));
    }

    @Test
    void aStoppedNodeIsNotServingWhileTheOthersAre() throws Exception {
        // Proves fail-stop shows in the health check at once, not only in status.
        cluster = TestCluster.start(3, dataRoot);
        int leader = cluster.awaitLeader();
        int victim = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        awaitHealth(victim, WHOLE_SERVER, ServingStatus.SERVING);
        cluster.node(victim).failStop("stopped by the test");
        awaitHealth(victim, WHOLE_SERVER, ServingStatus.NOT_SERVING);
        assertEquals(ServingStatus.SERVING, health(leader, WHOLE_SERVER));
    }

    @Test
    void reflectionListsTheNodesServices() throws Exception {
        // Proves server reflection (v1) names every service of the node, so grpcurl can call
        // them without the .proto files.
        cluster = TestCluster.start(1, dataRoot);
        List<String> services = listServices(cluster.channel(cluster.ids().get(0)));
        for (String expected : List.of(CLIENT_SERVICE, ADMIN_SERVICE, "raftdeck.v1.PeerService",
                "raft.RaftService", "grpc.health.v1.Health",
                "grpc.reflection.v1.ServerReflection")) {
            assertTrue(services.contains(expected), expected + " in " + services);
        }
    }

    private ServingStatus health(int id, String service) {
        return HealthGrpc.newBlockingStub(cluster.channel(id))
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build())
                .getStatus();
    }

    private void awaitHealth(int id, String service, ServingStatus expected) {
        TestCluster.await("node " + id + " health of '" + service + "' to be " + expected, WAIT,
                () -> health(id, service) == expected);
    }

    private static List<String> listServices(ManagedChannel channel) throws Exception {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc
                .newStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        names.complete(response.getListServicesResponse().getServiceList()
                                .stream().map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable error) {
                        names.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        names.completeExceptionally(new AssertionError("no answer"));
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        try {
            return names.get(5, TimeUnit.SECONDS);
        } finally {
            requests.onCompleted();
        }
    }
}
