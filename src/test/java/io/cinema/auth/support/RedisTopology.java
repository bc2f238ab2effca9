package io.cinema.auth.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis Cluster (3 masters, 3 replicas, ports 7100-7105) or Sentinel set-up (a master on 7200, replicas on
 * 7201-7202, sentinels on 27200-27202) from the machine's {@code redis-server} on loopback, with fail-over timeouts
 * cut to a second or two so a test sees a whole fail-over in seconds. No {@code redis-server} on the PATH fails the
 * test: these tests prove the topologies, and a skipped one proves nothing.
 */
public final class RedisTopology implements AutoCloseable {

    public static final String MASTER_NAME = "cinema";
    public static final int[] CLUSTER_PORTS = {7100, 7101, 7102, 7103, 7104, 7105};
    public static final int[] SENTINEL_DATA_PORTS = {7200, 7201, 7202};
    public static final int[] SENTINEL_PORTS = {27200, 27201, 27202};

    private final boolean cluster;
    private final Path dir;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    private RedisTopology(boolean cluster) throws IOException {
        this.cluster = cluster;
        this.dir = Files.createTempDirectory(cluster ? "redis-cluster" : "redis-sentinel");
    }

    /** The machine's {@code redis-server}; fails (never skips) without one. */
    public static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, "redis-server");
            if (!d.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("redis-server is not on the PATH: the Cluster and Sentinel tests need Debian's"
                + " redis-server (apt-get install redis-server); they fail rather than skip without it");
    }

    /** Starts six nodes and joins them into a cluster of three masters with one replica each; waits until it is ok. */
    public static RedisTopology cluster() throws Exception {
        RedisTopology t = new RedisTopology(true);
        try {
            for (int port : CLUSTER_PORTS) {
                t.startClusterNode(port);
            }
            List<String> create = new ArrayList<>(List.of(cli(), "--cluster", "create"));
            for (int port : CLUSTER_PORTS) {
                create.add("127.0.0.1:" + port);
            }
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true)
                    .redirectOutput(t.dir.resolve("create.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: "
                        + Files.readString(t.dir.resolve("create.log")));
            }
            t.awaitClusterOk(30_000);
            return t;
        } catch (Exception | Error e) {
            t.close();
            throw e;
        }
    }

    /** Starts a master, two replicas and three sentinels watching it; waits until the sentinels see both replicas. */
    public static RedisTopology sentinel() throws Exception {
        RedisTopology t = new RedisTopology(false);
        try {
            int master = SENTINEL_DATA_PORTS[0];
            t.startDataNode(master, List.of());
            for (int i = 1; i < SENTINEL_DATA_PORTS.length; i++) {
                t.startDataNode(SENTINEL_DATA_PORTS[i], List.of("--replicaof", "127.0.0.1", Integer.toString(master)));
            }
            for (int port : SENTINEL_PORTS) {
                t.startSentinel(port, master);
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                String info = command(SENTINEL_PORTS[0], "SENTINEL", "MASTER", MASTER_NAME);
                if (info.contains("num-slaves\n2") && info.contains("num-other-sentinels\n2")) {
                    return t;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the sentinels did not see 2 replicas and 2 peers: " + info);
                }
                Thread.sleep(200);
            }
        } catch (Exception | Error e) {
            t.close();
            throw e;
        }
    }

    private static String cli() {
        return Path.of(binary()).resolveSibling("redis-cli").toString();
    }

    private void startClusterNode(int port) throws IOException {
        startDataNode(port, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                "--cluster-node-timeout", "1500", "--cluster-replica-validity-factor", "0"));
    }

    private void startDataNode(int port, List<String> extra) throws IOException {
        Path node = dir.resolve(Integer.toString(port));
        Files.createDirectories(node);
        List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", node.toString(), "--daemonize", "no"));
        cmd.addAll(extra);
        start(port, cmd, node);
    }

    private void startSentinel(int port, int master) throws IOException {
        Path node = dir.resolve(Integer.toString(port));
        Files.createDirectories(node);
        Path conf = node.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + node,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 3000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                ""));
        start(port, List.of(binary(), conf.toString(), "--sentinel"), node);
    }

    private void start(int port, List<String> cmd, Path node) throws IOException {
        if (answers(port)) {
            throw new IllegalStateException("port " + port + " is taken (a Redis left by an earlier run?): stop it");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(node.resolve("log").toFile())
                .start();
        processes.put(port, p);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!answers(port)) {
            if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                throw new IOException("redis on port " + port + " did not start: "
                        + Files.readString(node.resolve("log")));
            }
            sleep(50);
        }
    }

    /** Restarts a node that was killed, with its directory (a cluster node rejoins as a replica of its successor). */
    public void restart(int port) throws IOException {
        if (cluster) {
            startClusterNode(port);
        } else {
            throw new UnsupportedOperationException("only cluster nodes are restarted");
        }
    }

    /** SIGKILL: no shutdown, no last replication. */
    public void kill(int port) throws InterruptedException {
        Process p = processes.remove(port);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** The service's settings for this topology: {@code -D} options. */
    public List<String> serviceProperties() {
        List<String> hosts = new ArrayList<>();
        for (int port : cluster ? CLUSTER_PORTS : SENTINEL_PORTS) {
            hosts.add("redis://127.0.0.1:" + port);
        }
        List<String> props = new ArrayList<>(List.of("-Dquarkus.redis.hosts=" + String.join(",", hosts),
                "-D%test.quarkus.redis.hosts=" + String.join(",", hosts), "-Dauth.redis.replica-acks=1",
                "-Dauth.redis.replica-ack-timeout=PT0.5S", "-Dquarkus.redis.replicas=never"));
        if (cluster) {
            props.add("-Dquarkus.redis.client-type=cluster");
        } else {
            props.addAll(List.of("-Dquarkus.redis.client-type=sentinel", "-Dquarkus.redis.master-name=" + MASTER_NAME,
                    "-Dquarkus.redis.role=master", "-Dquarkus.redis.auto-failover=true"));
        }
        return props;
    }

    /** The cluster's master ports, as the nodes that answer report them. */
    public List<Integer> clusterMasters() throws IOException {
        List<Integer> masters = new ArrayList<>();
        for (int port : processes.keySet()) {
            if (command(port, "ROLE").split("\n")[0].equals("master")) {
                masters.add(port);
            }
        }
        return masters;
    }

    /** The port of the master serving {@code slot}, from a live node's {@code CLUSTER SHARDS}-free view. */
    public int clusterMasterOfSlot(int slot) throws IOException {
        for (int port : clusterMasters()) {
            String nodes = allLines(port, "CLUSTER", "NODES");
            for (String line : nodes.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 9 || !f[2].contains("myself") || !f[2].contains("master")) {
                    continue;
                }
                for (int i = 8; i < f.length; i++) {
                    String[] range = f[i].split("-");
                    int lo = Integer.parseInt(range[0]);
                    int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
                    if (slot >= lo && slot <= hi) {
                        return port;
                    }
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** Waits until every live node says {@code cluster_state:ok} and the slots all have a master. */
    public void awaitClusterOk(long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            boolean ok = true;
            for (int port : processes.keySet()) {
                String info = allLines(port, "CLUSTER", "INFO");
                ok &= info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
            }
            if (ok) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the cluster is not ok after " + millis + " ms");
            }
            Thread.sleep(100);
        }
    }

    /** The sentinels' current master port. */
    public int sentinelMaster() throws IOException {
        String addr = allLines(SENTINEL_PORTS[0], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        String[] lines = addr.split("\n");
        return Integer.parseInt(lines[lines.length - 1].trim());
    }

    public static boolean answers(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One command (RESP); the reply's first value, or all its values one a line for an array. */
    public static String command(int port, String... args) throws IOException {
        return allLines(port, args);
    }

    private static String allLines(int port, String... args) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                out.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a)
                        .append("\r\n");
            }
            s.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder reply = new StringBuilder();
            read(in, reply);
            return reply.toString().strip();
        }
    }

    private static void read(BufferedReader in, StringBuilder reply) throws IOException {
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            throw new IOException("no reply");
        }
        switch (line.charAt(0)) {
            case '$' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    return;
                }
                char[] buf = new char[n];
                int got = 0;
                while (got < n) {
                    int r = in.read(buf, got, n - got);
                    if (r < 0) {
                        throw new IOException("short reply");
                    }
                    got += r;
                }
                in.readLine();
                reply.append(buf).append('\n');
            }
            case '*' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) {
                    read(in, reply);
                }
            }
            default -> reply.append(line.substring(1)).append('\n');
        }
    }

    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        for (Process p : processes.values()) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
