package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.ZModem;

/**
 * The service on a real Redis Cluster of three masters and three replicas ({@code redis-server --cluster-enabled},
 * ports 7100-7105, node timeout 1.5 s) with {@code quarkus.redis.client-type=cluster}: see
 * {@link ReplicasOnRedisTopology}. The master killed is the one holding a revoked session's keys; once its replica
 * has taken over, the killed node is started again and rejoins as the new master's replica (with
 * {@code auth.redis.replica-acks=1} a shard without any replica refuses the writes that must survive a fail-over).
 */
class RedisClusterIT extends ReplicasOnRedisTopology {

    @Override
    protected RedisTopology startTopology() throws Exception {
        return RedisTopology.cluster();
    }

    private int victimSlot;
    private String victimKey;

    @Override
    protected int victim(UUID victimUser) throws Exception {
        victimKey = RedisKeys.user(victimUser);
        victimSlot = ZModem.generate(victimKey);
        return redis.clusterMasterOfSlot(victimSlot);
    }

    @Override
    protected void captureDuringFailover(int victim) throws Exception {
        // a surviving master asked for a key of the dead master's slots: MOVED to the dead node, then CLUSTERDOWN
        int other = redis.clusterMasters().get(0);
        for (int i = 0; i < 30; i++) {
            capture("redis://127.0.0.1:" + other, Request.cmd(Command.GET).arg(victimKey));
            Thread.sleep(100);
        }
    }

    @Override
    protected int awaitNewMaster(int killed) throws Exception {
        redis.awaitClusterOk(30_000);
        return redis.clusterMasterOfSlot(victimSlot);
    }

    @Override
    protected void afterNewMaster(int victim) throws Exception {
        redis.restart(victim);
    }

    @Test
    @Order(3)
    void aMultiKeyCommandAcrossTwoSlotsIsABugNotAnOutage() throws Exception {
        Redis cluster = Redis.createClient(vertx, new RedisOptions().setType(RedisClientType.CLUSTER)
                .addConnectionString("redis://127.0.0.1:" + RedisTopology.CLUSTER_PORTS[1]));
        Throwable crossSlot = null;
        try {
            cluster.send(Request.cmd(Command.MGET).arg("auth:sess:" + UUID.randomUUID())
                    .arg("auth:user:" + UUID.randomUUID())).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            // the client may split an MGET by slot; one node asked for two slots' keys answers CROSSSLOT
            cluster.send(Request.cmd(Command.EVAL).arg("return redis.call('MGET', KEYS[1], KEYS[2])").arg(2)
                    .arg("{a}x").arg("{b}y")).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            crossSlot = e.getCause();
        } finally {
            cluster.close();
        }
        System.out.println("RedisClusterIT: a cross-slot command, as the client reports it: " + crossSlot);
        assertFalse(crossSlot == null, "a command across two slots fails on a cluster");
        assertFalse(Outages.isDependencyFailure(crossSlot), crossSlot.toString());
    }
}
