package org.lisiere.core.config;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The setting types Lisière uses. */
public final class SettingTypes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB|%)",
            Pattern.CASE_INSENSITIVE);

    private SettingTypes() {}

    public static final SettingType<Path> PATH = new SettingType<>() {
        @Override
        public Path parse(String text) {
            if (text.isBlank()) {
                throw new IllegalArgumentException("a non-empty path");
            }
            return Path.of(text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text);
        }

        @Override
        public String allowed() {
            return "a file system path";
        }
    };

    /** A file system path, or none when empty. */
    public static final SettingType<java.util.Optional<Path>> OPTIONAL_PATH = new SettingType<>() {
        @Override
        public java.util.Optional<Path> parse(String text) {
            return text.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(PATH.parse(text));
        }

        @Override
        public String allowed() {
            return "a file system path, or nothing for none";
        }

        @Override
        public String format(java.util.Optional<Path> value) {
            return value.map(Path::toString).orElse("");
        }
    };

    /** An http or https URL, or nothing. */
    public static final SettingType<java.util.Optional<java.net.URI>> OPTIONAL_URL = optionalUrl(
            List.of("http", "https"), "https://core.example:8080");

    /** An MQTT broker's URL (tcp:// or ssl://), or nothing. */
    public static final SettingType<java.util.Optional<java.net.URI>> OPTIONAL_MQTT_URL = optionalUrl(
            List.of("tcp", "ssl"), "tcp://broker.example:1883");

    /** A URL of one of {@code schemes} with a host, or nothing. */
    private static SettingType<java.util.Optional<java.net.URI>> optionalUrl(List<String> schemes, String example) {
        return new SettingType<>() {
        @Override
        public java.util.Optional<java.net.URI> parse(String text) {
            if (text.isBlank()) {
                return java.util.Optional.empty();
            }
            try {
                java.net.URI url = new java.net.URI(text.strip());
                if (!schemes.contains(url.getScheme()) || url.getHost() == null) {
                    throw new IllegalArgumentException(allowed());
                }
                return java.util.Optional.of(url);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(allowed(), e);
            }
        }

        @Override
        public String allowed() {
            return "a " + String.join(":// or ", schemes) + ":// URL with a host, such as " + example
                    + ", or nothing for none";
        }

        @Override
        public String format(java.util.Optional<java.net.URI> value) {
            return value.map(java.net.URI::toString).orElse("");
        }
        };
    }

    /** A host name or IP address to listen on. */
    public static final SettingType<String> HOST = new SettingType<>() {
        @Override
        public String parse(String text) {
            String host = text.strip();
            if (host.matches("[A-Za-z0-9][A-Za-z0-9.:-]*")) {
                return host;
            }
            throw new IllegalArgumentException(allowed());
        }

        @Override
        public String allowed() {
            return "a host name or an IP address, such as 127.0.0.1 or 0.0.0.0";
        }
    };

    /** A duration: a number and a unit (ms, s, m, h), such as {@code 30s}; {@code 0} is none. */
    public static final SettingType<java.time.Duration> DURATION = new SettingType<>() {
        @Override
        public java.time.Duration parse(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?")
                    .matcher(text.strip().toLowerCase(Locale.ROOT));
            if (m.matches() && (m.group(2) != null || m.group(1).equals("0"))) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> java.time.Duration.ofMillis(amount);
                    case "m" -> java.time.Duration.ofMinutes(amount);
                    case "h" -> java.time.Duration.ofHours(amount);
                    default -> java.time.Duration.ofSeconds(amount);
                };
            }
            throw new IllegalArgumentException(allowed());
        }

        @Override
        public String allowed() {
            return "a duration such as 500ms, 30s, 10m or 2h (0: no limit)";
        }
    };

    /** A TCP port; 0 lets the system choose a free one. */
    public static final SettingType<Integer> PORT = integer(0, 65535,
            "a port number from 0 to 65535 (0: any free port)");

    public static final SettingType<Integer> POSITIVE_INT = integer(1, Integer.MAX_VALUE, "an integer >= 1");

    public static final SettingType<Boolean> BOOLEAN = new SettingType<>() {
        @Override
        public Boolean parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> true;
                case "false", "off", "no", "0" -> false;
                default -> throw new IllegalArgumentException(allowed());
            };
        }

        @Override
        public String allowed() {
            return "true or false";
        }
    };

    /** A size in bytes, written {@code 512MB}, {@code 4GB} or as a percentage of physical memory ({@code 50%}). */
    public static final SettingType<Long> MEMORY_SIZE = new SettingType<>() {
        @Override
        public Long parse(String text) {
            Matcher m = SIZE.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(allowed());
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2).toUpperCase(Locale.ROOT);
            long bytes = unit.equals("%")
                    ? (long) (physicalMemory() * amount / 100)
                    : (long) (amount * multiplier(unit));
            if (bytes < (1L << 20) || (unit.equals("%") && amount > 100)) {
                throw new IllegalArgumentException(allowed());
            }
            return bytes;
        }

        @Override
        public String allowed() {
            return "a size of at least 1MB such as 512MB or 4GB, or a percentage of physical memory up to 100%";
        }

        @Override
        public String format(Long bytes) {
            return String.format(Locale.ROOT, "%.1fGiB", bytes / (double) (1L << 30));
        }
    };

    /** An integer from {@code min} to {@code max}; {@code allowed} says so in errors. */
    private static SettingType<Integer> integer(int min, int max, String allowed) {
        return new SettingType<>() {
            @Override
            public Integer parse(String text) {
                try {
                    int value = Integer.parseInt(text.strip());
                    if (value >= min && value <= max) {
                        return value;
                    }
                } catch (NumberFormatException e) {
                    // reported below with what is allowed
                }
                throw new IllegalArgumentException(allowed);
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }

    /** One of a fixed list of words, compared case-insensitively, returned in lower case. */
    public static SettingType<String> oneOf(List<String> values) {
        return new SettingType<>() {
            @Override
            public String parse(String text) {
                String lower = text.strip().toLowerCase(Locale.ROOT);
                if (!values.contains(lower)) {
                    throw new IllegalArgumentException(allowed());
                }
                return lower;
            }

            @Override
            public String allowed() {
                return "one of " + String.join(", ", values);
            }
        };
    }

    private static long multiplier(String unit) {
        return switch (unit) {
            case "B" -> 1L;
            case "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            case "TB" -> 1000L * 1000 * 1000 * 1000;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> 1L << 40;
        };
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
