package io.raftdeck.service;

import io.raftdeck.events.DroppedEvents;
import io.raftdeck.events.PublishedEvent;
import io.raftdeck.proto.v1.NodeEvent;

/** A published event as the WatchEvents stream carries it. */
final class EventProtos {

    private EventProtos() {
    }

    static NodeEvent of(PublishedEvent published) {
        NodeEvent.Builder proto = NodeEvent.newBuilder()
                .setNodeId(published.node())
                .setSequence(published.sequence())
                .setWallTimeMs(published.wallTimeMillis())
                .setTick(published.tick())
                .setTerm(published.term())
                .setKind(published.event().kind())
                .putAllFields(published.event().fields())
                .setText(published.line());
        if (published.event() instanceof DroppedEvents dropped) {
            proto.setDropped(dropped.count());
        }
        return proto.build();
    }
}
