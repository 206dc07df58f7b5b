package io.raftdeck.console.actions;

import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.TimelineEvent;
import io.raftdeck.console.rpc.RpcErrors;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the cluster actions the keys ask for on one worker thread, never on the UI thread, one
 * at a time and in order. Each outcome goes to the command line and to the timeline. A few
 * presses may queue; beyond that the dashboard says it is busy instead of piling up work.
 */
public final class ActionRunner implements AutoCloseable {

    /** Actions waiting behind the running one before new presses are refused. */
    static final int QUEUE_CAPACITY = 8;

    /** One action against a snapshot of the cluster as it was shown when the key was pressed. */
    @FunctionalInterface
    interface Work {
        ActionOutcome run(ClusterView view) throws Exception;
    }

    private final ActionContext context;
    private final ThreadPoolExecutor worker;
    private final LifecycleActions lifecycle;
    private final FaultActions faults;
    private final CommandActions commands;
    private final BurstAction burst;
    private final TransferAction transfer;
    private final ChaosAction chaos;

    public ActionRunner(ActionContext context) {
        this.context = context;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "raftdeck-console-actions");
                    thread.setDaemon(true);
                    return thread;
                });
        this.lifecycle = new LifecycleActions(context);
        this.faults = new FaultActions(context);
        // One client session per dashboard: typed commands and bursts number their requests in it.
        CommandSession session = CommandSession.random();
        this.commands = new CommandActions(context, session);
        this.burst = new BurstAction(context, session);
        this.transfer = new TransferAction(context);
        this.chaos = new ChaosAction(context);
    }

    public void killLeader() {
        submit("kill leader", lifecycle::killLeader);
    }

    public void killSelected() {
        submit("kill", lifecycle::killSelected);
    }

    public void restartSelected() {
        submit("restart", lifecycle::restartSelected);
    }

    public void isolateSelected() {
        submit("isolate", faults::isolateSelected);
    }

    public void splitAroundSelected() {
        submit("split", faults::splitAroundSelected);
    }

    public void healAll() {
        submit("heal", faults::healAll);
    }

    public void sendCommand(String command) {
        submit("command", view -> commands.send(view, command));
    }

    public void sendBurst() {
        submit("burst", burst::send);
    }

    public void transferToSelected() {
        submit("transfer", transfer::toSelected);
    }

    public void toggleChaos() {
        submit("chaos", chaos::toggle);
    }

    private void submit(String name, Work work) {
        ClusterView view = context.state().view();
        try {
            worker.execute(() -> report(run(name, work, view)));
        } catch (RejectedExecutionException busy) {
            context.state().report(ActionOutcome.failed(
                    name + " refused: still busy with earlier actions"));
        }
    }

    private static ActionOutcome run(String name, Work work, ClusterView view) {
        try {
            return work.run(view);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return ActionOutcome.failed(name + " interrupted");
        } catch (Exception failed) {
            String reason = failed.getMessage() == null
                    ? RpcErrors.describe(failed) : failed.getMessage();
            return ActionOutcome.failed(name + " failed: " + reason.replaceAll("\\s+", " "));
        }
    }

    private void report(ActionOutcome outcome) {
        EventKind kind = outcome.failed() ? EventKind.ERROR : EventKind.ACTION;
        context.state().addEvents(List.of(
                new TimelineEvent(context.clock().instant(), outcome.text(), kind)));
        context.state().report(outcome);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
