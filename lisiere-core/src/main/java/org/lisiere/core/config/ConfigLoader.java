package org.lisiere.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Reads the configuration from, in increasing precedence, the defaults, a TOML file, {@code LISIERE_*} environment
 * variables and command-line flags, all validated by the same {@link Setting} declarations.
 */
public final class ConfigLoader {
    /** The file read from the working directory when no other is named. */
    public static final String DEFAULT_FILE = "lisiere.toml";
    /** The environment variable that names a config file. */
    public static final String FILE_VARIABLE = "LISIERE_CONFIG";

    private ConfigLoader() {}

    /**
     * @param file the config file named on the command line, if any
     * @param environment the process environment
     * @param flags values given as flags, by setting key
     */
    public static Config load(Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
        Optional<Path> configFile = file.or(() -> Optional.ofNullable(environment.get(FILE_VARIABLE)).map(Path::of))
                .or(() -> Optional.of(Path.of(DEFAULT_FILE)).filter(Files::isRegularFile));
        Map<String, String> fileValues = configFile.map(ConfigLoader::readToml).orElse(Map.of());
        for (String key : flags.keySet()) {
            if (Settings.find(key).isEmpty()) {
                throw new IllegalArgumentException("flag for an undeclared setting: " + key);
            }
        }
        List<ConfigValue<?>> values = new ArrayList<>();
        for (Setting<?> setting : Settings.ALL) {
            values.add(resolve(setting, configFile, fileValues, environment, flags));
        }
        return new Config(values);
    }

    private static <T> ConfigValue<T> resolve(Setting<T> setting, Optional<Path> file, Map<String, String> fileValues,
            Map<String, String> environment, Map<String, String> flags) {
        String text = setting.defaultValue();
        ConfigSource source = ConfigSource.DEFAULT;
        if (fileValues.containsKey(setting.key())) {
            text = fileValues.get(setting.key());
            source = new ConfigSource(ConfigSource.Kind.FILE, file.orElseThrow().toString());
        }
        if (environment.containsKey(setting.environmentVariable())) {
            text = environment.get(setting.environmentVariable());
            source = new ConfigSource(ConfigSource.Kind.ENVIRONMENT, setting.environmentVariable());
        }
        if (flags.containsKey(setting.key())) {
            text = flags.get(setting.key());
            source = new ConfigSource(ConfigSource.Kind.FLAG, setting.flag());
        }
        try {
            return new ConfigValue<>(setting, setting.type().parse(text), source);
        } catch (IllegalArgumentException e) {
            throw new LisiereException(ErrorCode.INVALID_CONFIG, String.format(
                    "Setting '%s' from %s: '%s' is not valid; expected %s", setting.key(), source, text,
                    setting.type().allowed()));
        }
    }

    private static Map<String, String> readToml(Path file) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.INVALID_CONFIG,
                    "Cannot read config file '" + file + "': " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (Settings.find(field.getKey()).isEmpty() || !field.getValue().isValueNode()) {
                throw new LisiereException(ErrorCode.INVALID_CONFIG, String.format(
                        "Config file '%s': unknown setting '%s'; known settings: %s", file, field.getKey(),
                        Settings.ALL.stream().map(Setting::key).collect(Collectors.joining(", "))));
            }
            values.put(field.getKey(), field.getValue().asText());
        }
        return values;
    }
}
