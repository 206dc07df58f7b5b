package io.raftdeck.storage;

/** Runs the storage contract against the in-memory twin. */
class MemoryStorageContractTest extends RaftStorageContract {

    @Override
    RaftStorage create() {
        return new MemoryStorage();
    }

    @Override
    RaftStorage restart(RaftStorage crashed) {
        return ((MemoryStorage) crashed).reopen();
    }
}
