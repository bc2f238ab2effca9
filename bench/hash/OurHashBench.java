// Bare Argon2id throughput of the service's own implementation (io.cinema.auth.account.service.Argon2id), with the
// parameters and the call the peer's HashBench gives Bouncy Castle (argon2id v1.3, 7168 KiB, t=5, p=1, 32-byte tag,
// 16-byte salt) and the memory use of the service: each thread reuses one pooled memory, as PasswordHasher's pool
// gives one per hashing permit. IMPL (4th argument) picks the fill: auto (what the service runs: the native AVX2 fill
// where Argon2idNative loads, else the Java loop), java, or native. Argon2id is package-private, so it is reached by
// reflection (one call per hash). Same output line as the peer's HashBench, so bench/hash/hash-ours.sh reads it.
//   java -cp target/quarkus-app/app/auth-service-1.0.0-SNAPSHOT.jar bench/hash/OurHashBench.java 2 15 5
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

public class OurHashBench {
    static final int MEMORY_KIB = 7168, ITERATIONS = 5, PARALLELISM = 1, HASH_LEN = 32;

    public static void main(String[] a) throws Exception {
        int threads = a.length > 0 ? Integer.parseInt(a[0]) : 1;
        int seconds = a.length > 1 ? Integer.parseInt(a[1]) : 20;
        int warmup = a.length > 2 ? Integer.parseInt(a[2]) : 5;
        String impl = a.length > 3 ? a[3] : "auto";
        Class<?> argon = Class.forName("io.cinema.auth.account.service.Argon2id");
        Class<?> nat = Class.forName("io.cinema.auth.account.service.Argon2idNative");
        Method available = nat.getDeclaredMethod("available");
        Method status = nat.getDeclaredMethod("status");
        available.setAccessible(true);
        status.setAccessible(true);
        if (impl.equals("auto")) {
            impl = (Boolean) available.invoke(null) ? "native" : "java";
        } else if (impl.equals("native") && !(Boolean) available.invoke(null)) {
            throw new IllegalStateException("native Argon2id not available: " + status.invoke(null));
        }
        boolean useNative = impl.equals("native");
        Method hash = useNative
                ? argon.getDeclaredMethod("hashNative", byte[].class, byte[].class, byte[].class, byte[].class,
                        int.class, int.class, int.class, int.class, ByteBuffer.class)
                : argon.getDeclaredMethod("hash", byte[].class, byte[].class, byte[].class, byte[].class,
                        int.class, int.class, int.class, int.class, long[].class);
        Method longs = argon.getDeclaredMethod("memoryLongs", int.class, int.class);
        hash.setAccessible(true);
        longs.setAccessible(true);
        int memoryLongs = (Integer) longs.invoke(null, MEMORY_KIB, PARALLELISM);
        LongAdder count = new LongAdder();
        AtomicBoolean counting = new AtomicBoolean(false), stop = new AtomicBoolean(false);
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                SecureRandom rnd = new SecureRandom();
                byte[] salt = new byte[16];
                Object memory = useNative ? ByteBuffer.allocateDirect(memoryLongs * 8) : new long[memoryLongs];
                long sink = 0;
                try {
                    for (int n = 0; !stop.get(); n++) {
                        rnd.nextBytes(salt);
                        byte[] pw = ("pw-user" + n).getBytes(StandardCharsets.UTF_8);
                        sink += ((byte[]) hash.invoke(null, pw, salt, null, null, MEMORY_KIB, ITERATIONS, PARALLELISM,
                                HASH_LEN, memory))[0];
                        if (counting.get()) count.increment();
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (sink == 42) System.out.print("");
            });
            ts[i].start();
        }
        Thread.sleep(warmup * 1000L);
        counting.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        counting.set(false);
        long c = count.sum();
        double el = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : ts) t.join();
        System.out.printf("HASH argon2id v1.3 m=%dKiB t=%d p=%d len=%d threads=%d java=%s impl=ours-%s hashes=%d"
                + " secs=%.1f hashes_per_s=%.1f ms_per_hash_per_thread=%.1f%n", MEMORY_KIB, ITERATIONS, PARALLELISM,
                HASH_LEN, threads, System.getProperty("java.version"), impl, c, el, c / el, threads * el * 1000 / c);
    }
}
