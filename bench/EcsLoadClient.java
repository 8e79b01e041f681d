import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load client for the ECS credential server (run as the child of {@code aws-vault exec --ecs-server}, which gives it
 * AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN): N clients ask for credentials in a loop,
 * each on its own keep-alive connection, for a warm-up and then a measured period; prints requests/s and latency
 * percentiles. Run with {@code java EcsLoadClient.java --clients N --seconds S [--warmup S]}; JDK 17+, no build.
 */
public final class EcsLoadClient {
    public static void main(String[] args) throws Exception {
        int clients = 16;
        int seconds = 10;
        int warmup = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String uri = System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        String token = System.getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        if (uri == null || token == null) {
            System.err.println("run me under aws-vault exec --ecs-server");
            System.exit(2);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", token)
                .timeout(Duration.ofSeconds(30)).build();

        long firstStart = System.nanoTime();
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> first = probe.send(request, HttpResponse.BodyHandlers.ofString());
        long firstMillis = (System.nanoTime() - firstStart) / 1_000_000;
        if (first.statusCode() != 200) {
            System.err.println("first request: " + first.statusCode() + " " + first.body());
            System.exit(1);
        }

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong errors = new AtomicLong();
        long warmEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long end = warmEnd + Duration.ofSeconds(seconds).toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                // one client per thread: its own connection, as separate SDK processes would have
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        break;
                    }
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long took = System.nanoTime() - start;
                    if (r.statusCode() != 200 || !r.body().contains("\"AccessKeyId\"")) {
                        errors.incrementAndGet();
                    }
                    if (start >= warmEnd) {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        long total = 0;
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            long[] l = f.get();
            all.add(l);
            total += l.length;
        }
        pool.shutdown();
        long[] merged = new long[(int) total];
        int at = 0;
        for (long[] l : all) {
            System.arraycopy(l, 0, merged, at, l.length);
            at += l.length;
        }
        Arrays.sort(merged);
        System.out.printf("clients            %d%n", clients);
        System.out.printf("first response     %d ms (lazy: includes fetching the session)%n", firstMillis);
        System.out.printf("requests measured  %d in %d s (after %d s warm-up), errors %d%n", total, seconds, warmup,
                errors.get());
        System.out.printf("requests/s         %.0f%n", total / (double) seconds);
        System.out.printf("latency p50        %.3f ms%n", percentile(merged, 50));
        System.out.printf("latency p99        %.3f ms%n", percentile(merged, 99));
        System.out.printf("latency max        %.3f ms%n", merged.length == 0 ? 0 : merged[merged.length - 1] / 1e6);
        System.exit(errors.get() == 0 ? 0 : 1);
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }
}
