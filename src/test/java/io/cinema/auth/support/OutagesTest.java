package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.redis.client.impl.types.ErrorType;

class OutagesTest {

    @Test
    void aRedisCallPastItsTimeoutIsAnOutageNotABug() {
        Throwable timedOut = null;
        try {
            Uni.createFrom().nothing().await().atMost(Duration.ofMillis(10));
        } catch (RuntimeException e) {
            timedOut = e;
        }
        assertTrue(Outages.isDependencyFailure(timedOut), String.valueOf(timedOut));
        Throwable asyncTimedOut = null;
        try {
            Uni.createFrom().nothing().ifNoItem().after(Duration.ofMillis(10)).fail().await().indefinitely();
        } catch (RuntimeException e) {
            asyncTimedOut = e;
        }
        assertTrue(Outages.isDependencyFailure(asyncTimedOut), String.valueOf(asyncTimedOut));
    }

    @Test
    void aRefusedConnectionDeepInTheChainIsAnOutage() {
        assertTrue(Outages.isDependencyFailure(new IllegalStateException("wrapped", new ConnectException("refused"))));
    }

    @Test
    void anOrdinaryBugIsNoOutage() {
        assertFalse(Outages.isDependencyFailure(new NullPointerException("x")));
        assertFalse(Outages.isDependencyFailure(new IllegalArgumentException("timeout in the message only")));
    }

    /** The replies a client sees while a Cluster or Sentinel fails over or reshards, as Vert.x reports them. */
    @Test
    void redisFailoverRepliesAreOutages() {
        for (String reply : new String[] {"MOVED 866 127.0.0.1:7101", "ASK 866 127.0.0.1:7102",
            "CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request during rehashing of slot",
            "READONLY You can't write against a read only replica.",
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
            "LOADING Redis is loading the dataset in memory",
            "OOM command not allowed when used memory > 'maxmemory'.",
            "NOREPLICAS Not enough good replicas to write.", "IDONTKNOW No such master with that name",
            "ERR No such master with that name",
            "ERR Error running script (call to f_0123): @user_script:1: -READONLY You can't write against a read only"
                + " replica.",
            // a batch whose connection a dying master reset (RedisSentinelIT saw this one answered 500 before)
            "ERR [1] java.net.SocketException: Connection reset\nERR [0] java.net.SocketException: Connection reset",
            "ERR [0] io.vertx.core.VertxException: Connection is closed",
            // a Cluster batch (a brute-force count and its WAIT) whose node was killed: RedisClusterIT saw it as 500
            "ERR [0] CONNECTION_CLOSED\nERR [1] CONNECTION_CLOSED", "ERR [1] CLUSTERDOWN The cluster is down"}) {
            assertTrue(Outages.isDependencyFailure(new CompletionException(ErrorType.create(reply))), reply);
        }
    }

    @Test
    void theRedisClientsOwnConnectionAndTopologyFailuresAreOutages() {
        for (String message : new String[] {"Connection is closed", "Cannot connect to any of the provided endpoints",
            "Failed to connect to all nodes of the cluster", "CLUSTER SLOTS No slots available in the cluster.",
            "Failed to get SENTINEL GET-MASTER-ADDR-BY-NAME mymaster", "No master available"}) {
            Throwable failure = Future.failedFuture(message).cause();
            assertTrue(Outages.isDependencyFailure(new IllegalStateException(failure)), message + " " + failure);
        }
        assertTrue(Outages.isDependencyFailure(new java.nio.channels.ClosedChannelException()));
        assertTrue(Outages.isDependencyFailure(new RedisReplicationException(0, 1)));
    }

    @Test
    void wrongCommandsAreBugsEvenWhenTheyComeFromRedis() {
        for (String reply : new String[] {"CROSSSLOT Keys in request don't hash to the same slot",
            "WRONGTYPE Operation against a key holding the wrong kind of value",
            "NOSCRIPT No matching script. Please use EVAL.",
            "ERR Error running script (call to f_0123): @user_script:3: user_script:3: attempt to compare nil",
            "ERR wrong number of arguments for 'get' command",
            // a batch line judged on its own: a wrong command inside a batch stays a bug
            "ERR [0] WRONGTYPE Operation against a key holding the wrong kind of value\nERR [1] ERR wrong number"}) {
            assertFalse(Outages.isDependencyFailure(new CompletionException(ErrorType.create(reply))), reply);
        }
        Throwable clientSide = Future.failedFuture("Keys of command or batch: \"MGET\" targets not all in the same hash"
                + " slot (CROSSSLOT) and client side resharding is not supported").cause();
        assertFalse(Outages.isDependencyFailure(clientSide));
    }

    /** What PostgreSQL answers, through Hibernate, when it cannot take a statement now, and what it answers to a bug. */
    @Test
    void aPostgresThatOnlyReadsOrIsOutOfResourcesIsAnOutageButAStatementErrorIsABug() {
        for (String state : new String[] {"25006", "53300", "53100", "57P01", "08006"}) {
            assertTrue(Outages.isDependencyFailure(hibernateWrapped(state)), state);
        }
        for (String state : new String[] {"42P01", "23505", "22001", "25P02"}) {
            assertFalse(Outages.isDependencyFailure(hibernateWrapped(state)), state);
        }
    }

    private static Throwable hibernateWrapped(String sqlState) {
        PSQLException server = new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0Mrefused\0"));
        return new jakarta.persistence.PersistenceException(new GenericJDBCException("could not execute", server));
    }
}
