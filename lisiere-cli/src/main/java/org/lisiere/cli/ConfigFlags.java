package org.lisiere.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.ConfigLoader;
import org.lisiere.core.config.Setting;
import org.lisiere.core.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds one flag per declared {@link Setting} to a command ({@code --data}, {@code --memory-limit}, ...) and reads
 * the configuration through the same schema as the config file and the environment.
 */
final class ConfigFlags {
    static final String CONFIG_FLAG = "--config";

    private ConfigFlags() {}

    static void addTo(CommandSpec command) {
        command.addOption(OptionSpec.builder(CONFIG_FLAG).paramLabel("FILE").type(Path.class)
                .description("Config file (TOML); default: $" + ConfigLoader.FILE_VARIABLE + ", else ./"
                        + ConfigLoader.DEFAULT_FILE + " when present.")
                .build());
        for (Setting<?> setting : Settings.ALL) {
            if (command.findOption(setting.flag()) != null) {
                continue;
            }
            command.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel(setting.key().toUpperCase(java.util.Locale.ROOT))
                    .type(String.class)
                    .description(helpText(setting.description() + " Env " + setting.environmentVariable()
                            + "; default " + (setting.defaultValue().isEmpty() ? "none" : setting.defaultValue())
                            + "."))
                    .build());
        }
        command.subcommands().values().forEach(sub -> addTo(sub.getCommandSpec()));
    }

    /** Picocli formats descriptions with String.format: a literal '%' (as in "50%") must be doubled. */
    static String helpText(String text) {
        return text.replace("%", "%%");
    }

    /**
     * The effective configuration for the command that was run: its flags, and those given before it to the commands
     * it belongs to ({@code lisiere --data d sql} as {@code lisiere sql --data d}); the command's own flag wins.
     */
    static Config load(CommandSpec command) {
        java.util.Deque<CommandLine.ParseResult> chain = new java.util.ArrayDeque<>();
        for (CommandLine line = command.commandLine(); line != null; line = line.getParent()) {
            chain.addFirst(line.getParseResult());
        }
        Map<String, String> flags = new LinkedHashMap<>();
        Optional<Path> file = Optional.empty();
        for (CommandLine.ParseResult parsed : chain) {
            for (Setting<?> setting : Settings.ALL) {
                if (parsed.hasMatchedOption(setting.flag())) {
                    flags.put(setting.key(), parsed.matchedOptionValue(setting.flag(), ""));
                }
            }
            if (parsed.hasMatchedOption(CONFIG_FLAG)) {
                file = Optional.of(parsed.matchedOptionValue(CONFIG_FLAG, Path.of("")));
            }
        }
        return ConfigLoader.load(file, System.getenv(), flags);
    }
}
