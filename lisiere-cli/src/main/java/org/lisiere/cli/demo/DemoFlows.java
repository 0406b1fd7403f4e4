package org.lisiere.cli.demo;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Synthetic network flows seen by the security gateways of the demo's stores, shaped like intrusion-detection data
 * (KDD Cup 1999 style): mostly normal traffic, with port scans, password brute-forcing, floods and data
 * exfiltration, each with its own signature blurred by noise, and a few attacks that look almost normal.
 */
public final class DemoFlows {
    private static final String[] SERVICES = {"http", "https", "dns", "smtp", "ssh", "ftp", "rdp"};
    private static final String[] KINDS = {"normal", "port_scan", "brute_force", "flood", "exfiltration"};
    private static final double[] KIND_SHARES = {0.86, 0.05, 0.04, 0.03, 0.02};

    private final RandomGenerator random;

    public DemoFlows(RandomGenerator random) {
        this.random = requireNonNull(random, "random is null");
    }

    /** Writes {@code flows.csv}: {@code flows} flows spread over the demo's month; returns their number. */
    public long write(Path file, int flows) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("store,ts,protocol,service,duration_s,bytes_in,bytes_out,packets,distinct_ports,"
                    + "failed_logins,kind\n");
            long seconds = DemoData.DAYS * 24L * 3600;
            for (int i = 0; i < flows; i++) {
                LocalDateTime ts = DemoData.START.atStartOfDay().plusSeconds((long) (random.nextDouble() * seconds));
                out.write(flow(1 + random.nextInt(DemoData.STORES), ts, DemoData.pick(random, KINDS, KIND_SHARES)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return flows;
    }

    /**
     * One flow that the gateway of store {@code store} sees at {@code ts}, as a JSON object of flows.csv's columns
     * without {@code kind}: what a site ingests. {@code kind} is the flow's true kind, or empty to draw one with the
     * month's shares.
     */
    public String live(int store, LocalDateTime ts, java.util.Optional<String> kind) {
        String[] values = flow(store, ts, kind.orElseGet(() -> DemoData.pick(random, KINDS, KIND_SHARES)))
                .strip().split(",");
        return String.format(Locale.ROOT, "{\"store\": \"%s\", \"ts\": \"%s\", \"protocol\": \"%s\", \"service\":"
                + " \"%s\", \"duration_s\": %s, \"bytes_in\": %s, \"bytes_out\": %s, \"packets\": %s,"
                + " \"distinct_ports\": %s, \"failed_logins\": %s}", (Object[]) java.util.Arrays.copyOf(values, 10));
    }

    private String flow(int store, LocalDateTime ts, String kind) {
        String protocol = "tcp";
        String service = SERVICES[random.nextInt(3)];
        double duration = Math.exp(random.nextGaussian(0.5, 1.2));
        double bytesIn = Math.exp(random.nextGaussian(8, 1.5));
        double bytesOut = Math.exp(random.nextGaussian(6.5, 1.5));
        int packets = 2 + (int) Math.exp(random.nextGaussian(2.5, 0.8));
        int ports = 1 + (random.nextDouble() < 0.05 ? random.nextInt(3) : 0);
        int failed = random.nextDouble() < 0.03 ? 1 + random.nextInt(2) : 0;
        boolean subtle = random.nextDouble() < 0.15;
        switch (kind) {
            case "port_scan" -> {
                duration = random.nextDouble() * 0.5;
                bytesIn = 40 + random.nextInt(200);
                bytesOut = 40 + random.nextInt(100);
                packets = 1 + random.nextInt(4);
                ports = subtle ? 2 + random.nextInt(2) : 20 + random.nextInt(480);
                service = SERVICES[random.nextInt(SERVICES.length)];
            }
            case "brute_force" -> {
                service = new String[] {"ssh", "rdp", "ftp"}[random.nextInt(3)];
                failed = subtle ? 1 + random.nextInt(2) : 5 + random.nextInt(45);
                duration = 2 + random.nextDouble() * 60;
            }
            case "flood" -> {
                protocol = random.nextBoolean() ? "udp" : "icmp";
                service = protocol.equals("udp") ? "dns" : "echo";
                packets = subtle ? 20 + random.nextInt(80) : 2_000 + random.nextInt(50_000);
                bytesIn = packets * (60 + random.nextInt(500));
                duration = random.nextDouble() * 3;
            }
            case "exfiltration" -> {
                service = "https";
                bytesOut = subtle ? 2e3 + random.nextDouble() * 2e4 : 5e7 + random.nextDouble() * 5e8;
                duration = subtle ? duration : 300 + random.nextDouble() * 3000;
            }
            default -> {
                if (service.equals("dns")) {
                    protocol = "udp";
                }
            }
        }
        return String.format(Locale.ROOT, "store_%02d,%s,%s,%s,%.3f,%d,%d,%d,%d,%d,%s%n", store,
                DemoData.TIMESTAMP.format(ts), protocol, service, duration, (long) bytesIn, (long) bytesOut, packets,
                ports, failed, kind);
    }
}
