package org.lisiere.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the benchmarks. Each benchmark measures Lisière against a peer in the same JVM and prints a ratio
 * table; see BENCHMARKS.md for recorded figures.
 *
 * <pre>
 * bin/lisiere-bench tpch [--scale 1] [--runs 15] [--work DIR]
 * bin/lisiere-bench predict [--rows 1000000] [--runs 15] [--work DIR]
 * bin/lisiere-bench train [--rows 1000000] [--runs 5] [--work DIR]
 * bin/lisiere-bench trees [--rows 1000000] [--runs 3] [--work DIR]
 * bin/lisiere-bench server [--scale 1] [--runs 5] [--stream-rows 10000000] [--clients 64] [--seconds 60]
 *     [--parts p9,stream,load] [--work DIR]
 * bin/lisiere-bench edge [--events 2000000] [--batch 10000] [--clients 2] [--predictions 10000]
 *     [--offline-seconds 60] [--work DIR]
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String benchmark = args.length == 0 ? "" : args[0];
        int runs = Integer.parseInt(option(args, "--runs", "15"));
        Path work = Path.of(option(args, "--work", "lisiere-bench/target/bench"));
        switch (benchmark) {
            case "tpch" -> new TpchBenchmark(Double.parseDouble(option(args, "--scale", "1")), runs, work,
                    System.out).run();
            case "predict" -> new PredictBenchmark(Integer.parseInt(option(args, "--rows", "1000000")), runs, work,
                    System.out).run();
            case "train" -> new TrainBenchmark(Integer.parseInt(option(args, "--rows", "1000000")),
                    Integer.parseInt(option(args, "--runs", "5")), work, System.out).run();
            case "trees" -> new TreeBenchmark(Integer.parseInt(option(args, "--rows", "1000000")),
                    Integer.parseInt(option(args, "--runs", "3")), work, System.out).run();
            case "server" -> new ServerBenchmark(Double.parseDouble(option(args, "--scale", "1")),
                    Integer.parseInt(option(args, "--runs", "5")), Long.parseLong(option(args, "--stream-rows",
                    "10000000")), List.of(option(args, "--parts", "p9,stream,load").split(",")), new LoadBenchmark(Integer.parseInt(option(args, "--clients", "64")),
                    Integer.parseInt(option(args, "--seconds", "60")), System.out), work, System.out).run();
            case "edge" -> new EdgeBenchmark(Long.parseLong(option(args, "--events", "2000000")),
                    Integer.parseInt(option(args, "--batch", "10000")), Integer.parseInt(option(args, "--clients",
                    "2")), Integer.parseInt(option(args, "--predictions", "10000")),
                    Integer.parseInt(option(args, "--offline-seconds", "60")), work, System.out).run();
            default -> {
                System.err.println("Usage: lisiere-bench tpch [--scale 1] [--runs 15] [--work DIR]");
                System.err.println("       lisiere-bench predict [--rows 1000000] [--runs 15] [--work DIR]");
                System.err.println("       lisiere-bench train [--rows 1000000] [--runs 5] [--work DIR]");
                System.err.println("       lisiere-bench trees [--rows 1000000] [--runs 3] [--work DIR]");
                System.err.println("       lisiere-bench server [--scale 1] [--runs 5] [--stream-rows 10000000]"
                        + " [--clients 64] [--seconds 60] [--parts p9,stream,load] [--work DIR]");
                System.err.println("       lisiere-bench edge [--events 2000000] [--batch 10000] [--clients 2]"
                        + " [--predictions 10000] [--offline-seconds 60] [--work DIR]");
                System.exit(2);
            }
        }
    }

    private static String option(String[] args, String name, String fallback) {
        int index = Arrays.asList(args).indexOf(name);
        return index >= 0 && index + 1 < args.length ? args[index + 1] : fallback;
    }
}
