package org.lisiere.cli.demo;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A deterministic synthetic data set shaped like our users' data: retail point-of-sale events and 5G cell
 * telemetry, with daily and weekly seasonality and a few injected anomalies the walkthrough finds again.
 *
 * <p>Injected anomalies: store {@value #OUTAGE_STORE} sells nothing on day {@value #OUTAGE_DAY} (a till outage);
 * store {@value #FRAUD_STORE} sees a burst of large card payments on day {@value #FRAUD_DAY} 15:00-16:00; cell
 * {@value #LATENCY_CELL} suffers a latency spike with call drops on day {@value #LATENCY_DAY} 10:00-12:00.
 */
public final class DemoData {
    public static final LocalDate START = LocalDate.of(2026, 3, 2);
    public static final int DAYS = 28;
    public static final int STORES = 12;
    public static final int CELLS = 40;
    public static final int OUTAGE_STORE = 3;
    public static final int OUTAGE_DAY = 12;
    public static final int FRAUD_STORE = 7;
    public static final int FRAUD_DAY = 20;
    public static final int LATENCY_CELL = 17;
    public static final int LATENCY_DAY = 9;
    static final java.time.format.DateTimeFormatter TIMESTAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] PAYMENTS = {"card", "contactless", "cash", "mobile"};
    private static final double[] PAYMENT_SHARES = {0.55, 0.28, 0.12, 0.05};

    private final RandomGenerator random;

    public DemoData(RandomGenerator random) {
        this.random = requireNonNull(random, "random is null");
    }

    /** Writes {@code pos_events.csv}; returns the number of events. */
    public long writePosEvents(Path file) {
        long events = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("store,ts,amount,items,payment\n");
            for (int day = 0; day < DAYS; day++) {
                LocalDate date = START.plusDays(day);
                for (int store = 1; store <= STORES; store++) {
                    if (store == OUTAGE_STORE && day == OUTAGE_DAY) {
                        continue;
                    }
                    events += writeStoreDay(out, store, day, date);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private long writeStoreDay(BufferedWriter out, int store, int day, LocalDate date) throws IOException {
        long events = 0;
        double storeSize = 0.6 + 0.08 * store;
        double weekly = date.getDayOfWeek() == DayOfWeek.SATURDAY ? 1.5
                : date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0.7 : 1.0;
        for (int hour = 8; hour < 21; hour++) {
            double daily = 0.4 + Math.exp(-Math.pow(hour - 12.5, 2) / 2) + 1.2 * Math.exp(-Math.pow(hour - 18, 2) / 2);
            int count = poisson(14 * storeSize * weekly * daily);
            for (int i = 0; i < count; i++) {
                LocalDateTime ts = date.atTime(hour, 0).plusSeconds(random.nextInt(3600));
                int items = 1 + poisson(2.5);
                double amount = items * Math.exp(random.nextGaussian(1.8, 0.5));
                out.write(line(store, ts, amount, items, payment()));
                events++;
            }
            if (store == FRAUD_STORE && day == FRAUD_DAY && hour == 15) {
                for (int i = 0; i < 40; i++) {
                    LocalDateTime ts = date.atTime(hour, 0).plusSeconds(random.nextInt(3600));
                    out.write(line(store, ts, 900 + random.nextDouble() * 600, 1, "card"));
                    events++;
                }
            }
        }
        return events;
    }

    private static String line(int store, LocalDateTime ts, double amount, int items, String payment) {
        return String.format(Locale.ROOT, "store_%02d,%s,%.2f,%d,%s%n", store, TIMESTAMP.format(ts),
                amount, items, payment);
    }

    /** Writes {@code cell_metrics.csv} (one row per cell and 15 minutes); returns the number of rows. */
    public long writeCellMetrics(Path file) {
        long rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("cell,ts,throughput_mbps,latency_ms,drops\n");
            for (int day = 0; day < DAYS; day++) {
                LocalDate date = START.plusDays(day);
                boolean weekend = date.getDayOfWeek().getValue() >= 6;
                for (int slot = 0; slot < 96; slot++) {
                    LocalDateTime ts = date.atStartOfDay().plusMinutes(15L * slot);
                    for (int cell = 1; cell <= CELLS; cell++) {
                        out.write(cellRow(cell, day, ts, weekend));
                        rows++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private String cellRow(int cell, int day, LocalDateTime ts, boolean weekend) {
        double hour = ts.getHour() + ts.getMinute() / 60.0;
        double load = Math.max(0.05, 0.5 + 0.45 * Math.sin((hour - 9) / 24 * 2 * Math.PI)) * (weekend ? 0.8 : 1.0);
        double capacity = 400 + 10 * (cell % 7);
        double throughput = capacity * (0.25 + 0.6 * load) * (1 + random.nextGaussian(0, 0.05));
        double latency = 12 + 22 * load * load + Math.abs(random.nextGaussian(0, 2));
        int drops = poisson(0.2 + 2.5 * load * load);
        if (cell == LATENCY_CELL && day == LATENCY_DAY && ts.getHour() >= 10 && ts.getHour() < 12) {
            latency *= 6;
            drops += 25 + poisson(10);
            throughput *= 0.3;
        }
        return String.format(Locale.ROOT, "cell_%03d,%s,%.1f,%.1f,%d%n", cell, TIMESTAMP.format(ts),
                throughput, latency, drops);
    }

    private String payment() {
        return pick(random, PAYMENTS, PAYMENT_SHARES);
    }

    /** One of {@code values}, drawn with the probabilities {@code shares} (the last takes what the others leave). */
    static String pick(RandomGenerator random, String[] values, double[] shares) {
        double u = random.nextDouble();
        for (int i = 0; i < values.length - 1; i++) {
            u -= shares[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** Knuth's method; the means here are small. */
    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
