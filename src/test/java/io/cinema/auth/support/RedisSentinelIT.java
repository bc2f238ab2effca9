package io.cinema.auth.support;

import java.util.UUID;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;

/**
 * The service on a real Sentinel set-up (a master, two replicas, three sentinels, down-after 1 s) with
 * {@code quarkus.redis.client-type=sentinel}, {@code role=master}: see {@link ReplicasOnRedisTopology}. The master
 * is killed and not started again: the new master keeps one replica, so the replicated writes go on by themselves.
 */
class RedisSentinelIT extends ReplicasOnRedisTopology {

    @Override
    protected RedisTopology startTopology() throws Exception {
        RedisTopology t = RedisTopology.sentinel();
        // a replica cut off from its master answers MASTERDOWN instead of stale data (captured below)
        RedisTopology.command(RedisTopology.SENTINEL_DATA_PORTS[2], "CONFIG", "SET", "replica-serve-stale-data", "no");
        return t;
    }

    @Override
    protected int victim(UUID victimUser) throws Exception {
        return redis.sentinelMaster();
    }

    @Override
    protected void captureDuringFailover(int victim) throws Exception {
        for (int i = 0; i < 10; i++) {
            capture("redis://127.0.0.1:" + RedisTopology.SENTINEL_DATA_PORTS[1],
                    Request.cmd(Command.SET).arg("probe").arg("x"));
            capture("redis://127.0.0.1:" + RedisTopology.SENTINEL_DATA_PORTS[2], Request.cmd(Command.GET).arg("probe"));
            sentinelCapture();
            Thread.sleep(100);
        }
    }

    private void sentinelCapture() {
        try {
            var c = io.vertx.redis.client.Redis.createClient(vertx, new RedisOptions().setType(RedisClientType.SENTINEL)
                    .addConnectionString("redis://127.0.0.1:" + RedisTopology.SENTINEL_PORTS[0])
                    .setMasterName(RedisTopology.MASTER_NAME).setRole(RedisRole.MASTER));
            try {
                c.send(Request.cmd(Command.SET).arg("probe").arg("x")).toCompletionStage().toCompletableFuture()
                        .get(5, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                c.close();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            captured.add(e.getCause());
        } catch (Exception e) {
            captured.add(e);
        }
    }

    @Override
    protected int awaitNewMaster(int killed) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            int master = redis.sentinelMaster();
            if (master != killed && RedisTopology.command(master, "ROLE").startsWith("master")) {
                return master;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no new master 30 s after the kill");
    }
}
